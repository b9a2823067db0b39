/// The model's reports, one record each.
extension DurabilityLog: DurabilityJournal {
    public func exchangeDeclared(_ exchange: ExchangeDefinition, vhost: String) {
        append(.exchangeDeclared(vhost: vhost, exchange))
    }

    public func exchangeDeleted(_ name: String, vhost: String) {
        append(.exchangeDeleted(vhost: vhost, name: name))
    }

    public func queueDeclared(_ queue: QueueDefinition, vhost: String) {
        append(.queueDeclared(vhost: vhost, queue))
    }

    public func queueDeleted(_ name: String, vhost: String) {
        append(.queueDeleted(vhost: vhost, name: name))
    }

    public func bindingAdded(_ binding: Binding, vhost: String) {
        append(.bindingAdded(vhost: vhost, binding))
    }

    public func bindingRemoved(_ binding: Binding, vhost: String) {
        append(.bindingRemoved(vhost: vhost, binding))
    }

    public func messageEnqueued(_ entry: QueuedMessage, queue: String, vhost: String) {
        append(.messageEnqueued(vhost: vhost, queue: queue, entry))
    }

    public func messageRemoved(sequence: UInt64, queue: String, vhost: String) {
        append(.messageRemoved(vhost: vhost, queue: queue, sequence: sequence))
    }

    /// Not (yet) part of `DurabilityJournal`: a journaled message was handed to a consumer
    /// or basic.get, so a restart brings it back redelivered, as RabbitMQ's queue index
    /// does with its delivery marks. Without these calls recovered messages come back not
    /// redelivered, which is right for messages never delivered.
    public func messageDelivered(sequence: UInt64, queue: String, vhost: String) {
        guard state.virtualHosts[vhost]?.queues[queue]?.messages[sequence]?.delivered == false else { return }
        append(.messageDelivered(vhost: vhost, queue: queue, sequence: sequence))
    }

    /// Not part of `DurabilityJournal` (the model does not report exchanges when a vhost
    /// goes): the vhost was deleted with everything in it.
    public func virtualHostDeleted(_ vhost: String) {
        append(.virtualHostDeleted(vhost: vhost))
    }
}
