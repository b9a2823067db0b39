/// One queue's copy of a message: its place in the queue (`sequence`, which requeue uses to
/// put it back where it was), when it expires there, and whether it was delivered before.
public struct QueuedMessage: Sendable {
    public var message: Message
    /// Increases with each message the queue takes in; requeued messages keep theirs.
    public var sequence: UInt64
    /// Milliseconds since the epoch at which it expires in this queue: the smaller of the
    /// queue's `x-message-ttl` and the message's `expiration`, counted from when it arrived.
    public var expiresAt: Int64?
    /// Set once it has been handed to a consumer or basic.get; sent as `redelivered`.
    public var delivered: Bool
    /// Whether the durability journal holds it (persistent message in a durable queue).
    public var journaled: Bool

    public init(message: Message, sequence: UInt64, expiresAt: Int64?, delivered: Bool = false, journaled: Bool = false) {
        self.message = message
        self.sequence = sequence
        self.expiresAt = expiresAt
        self.delivered = delivered
        self.journaled = journaled
    }

    @inlinable
    public func isExpired(at now: Int64) -> Bool {
        guard let expiresAt else { return false }
        return now >= expiresAt
    }
}
