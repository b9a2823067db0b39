import AMQP

/// A basic.consume subscription: which queue, which channel, and how much it may hold unacked.
public final class Consumer {
    public let tag: String
    public let queue: Queue
    /// Weak: the channel owns its consumers, not the other way round.
    public private(set) weak var channel: ConsumerChannel?
    public let noAck: Bool
    public let exclusive: Bool
    /// The channel's per-consumer prefetch (basic.qos global=false) when it subscribed; 0 is none.
    public let prefetch: Int
    public let arguments: FieldTable
    /// Deliveries to this consumer still waiting for an ack.
    public internal(set) var unacked = 0

    init(tag: String, queue: Queue, channel: ConsumerChannel, noAck: Bool, exclusive: Bool, prefetch: Int, arguments: FieldTable) {
        self.tag = tag
        self.queue = queue
        self.channel = channel
        self.noAck = noAck
        self.exclusive = exclusive
        self.prefetch = prefetch
        self.arguments = arguments
    }

    /// rabbit_limiter:can_send plus the per-consumer credit, and the channel not paused by
    /// its socket: no-ack consumers are never limited.
    var canTakeMessage: Bool { hasCredit && channel?.isPaused == false }

    /// Credit alone: it could take a message if its socket were not backed up.
    var hasCredit: Bool {
        guard let channel, channel.isOpen else { return false }
        if noAck { return true }
        if prefetch > 0, unacked >= prefetch { return false }
        return channel.hasChannelCredit
    }
}
