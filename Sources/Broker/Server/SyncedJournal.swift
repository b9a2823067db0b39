/// A durability journal that can say when what it was given is on disk: publisher confirms
/// for persistent messages in durable queues wait for it (RabbitMQ confirms them only once
/// the message store has synced). The durability part implements it.
public protocol SyncedJournal: DurabilityJournal {
    /// Calls `completion` on the node's event loop once every record handed over so far has
    /// been synced (fsync), however many calls share one sync: `true`, or `false` when the
    /// write or fsync failed (the publisher then gets basic.nack, as RabbitMQ nacks messages
    /// whose queue could not take them).
    func whenSynced(_ completion: @escaping (_ synced: Bool) -> Void)
}
