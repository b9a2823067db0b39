/// Publisher-confirm bookkeeping for one channel: publish sequence numbers (1, 2, … from
/// confirm.select on, in wire order) and which of them the broker has settled with basic.ack
/// or basic.nack, single or `multiple`. Pure: the channel state guards it with its lock.
struct ConfirmTracker {
    /// The last sequence number handed out.
    private(set) var lastPublished: UInt64 = 0
    /// Every sequence number up to this one is settled.
    private(set) var settledThrough: UInt64 = 0
    /// Settled numbers above `settledThrough` (single acks that came out of order).
    private var settledAbove: Set<UInt64> = []
    /// Nacked numbers not yet handed out by `takeNacked`.
    private var nacked: [UInt64] = []

    mutating func nextSequence() -> UInt64 {
        lastPublished += 1
        return lastPublished
    }

    /// Records a basic.ack / basic.nack from the broker. A tag nobody published is the
    /// broker's error.
    mutating func settle(deliveryTag: UInt64, multiple: Bool, ack: Bool) throws(AMQPClientError) {
        guard deliveryTag > 0, deliveryTag <= lastPublished else {
            throw .protocolError("basic.\(ack ? "ack" : "nack") for delivery tag \(deliveryTag), but only \(lastPublished) were published")
        }
        if multiple {
            guard deliveryTag > settledThrough else { return }
            if !ack {
                for tag in (settledThrough + 1)...deliveryTag where !settledAbove.contains(tag) { nacked.append(tag) }
            }
            settledThrough = deliveryTag
            if !settledAbove.isEmpty { settledAbove = settledAbove.filter { $0 > deliveryTag } }
        } else {
            guard deliveryTag > settledThrough, !settledAbove.contains(deliveryTag) else { return }
            if !ack { nacked.append(deliveryTag) }
            settledAbove.insert(deliveryTag)
        }
        while settledAbove.remove(settledThrough + 1) != nil { settledThrough += 1 }
    }

    /// The nacked numbers at or below `sequence` not returned before, in ascending order.
    mutating func takeNacked(upTo sequence: UInt64) -> [UInt64] {
        guard !nacked.isEmpty else { return [] }
        let taken = nacked.filter { $0 <= sequence }.sorted()
        nacked.removeAll { $0 <= sequence }
        return taken
    }
}
