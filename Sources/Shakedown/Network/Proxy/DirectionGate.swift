import NIOCore

/// One direction of a proxied connection: what is read from `source` goes to `destination`
/// as its link's faults allow. In order, always: a delayed or retransmitted chunk holds back
/// everything behind it, as in TCP.
///
/// A cut link holds the bytes (and the end of the stream) instead of forwarding them, and the
/// connection stays open: the sender sees a peer that never answers, which is what a
/// partition looks like. Past `holdLimit` bytes the gate stops reading, so the sender's
/// socket buffers fill as they would. When the cut heals, what was held goes through, as TCP
/// would retransmit it.
///
/// Confined to the connection's event loop.
final class DirectionGate {
    enum Item {
        case data(ByteBuffer)
        /// The source closed (or was reset): close the destination the same way.
        case end(reset: Bool)
    }

    static let holdLimit = 256 * 1024

    private let source: Channel
    private let destination: Channel
    private var queue = CircularBuffer<(item: Item, due: NIODeadline)>()
    private var queuedBytes = 0
    private var lastDue = NIODeadline.uptimeNanoseconds(0)
    private var loss = 0.0
    private var delay = TimeAmount.zero
    private var random: SeededRandom
    private var timer: Scheduled<Void>?
    private var reading = false
    private var ended = false
    private var delivered = false
    /// Told each item as it is passed on (the proxy's capture).
    private let onDelivery: ((Item) -> Void)?

    init(from source: Channel, to destination: Channel, seed: UInt64, onDelivery: ((Item) -> Void)? = nil) {
        self.source = source
        self.destination = destination
        random = SeededRandom(seed: seed)
        self.onDelivery = onDelivery
    }

    private var isCut: Bool { loss >= 1 }

    /// The link's faults changed.
    func update(loss: Double, delay: Duration) {
        self.loss = loss
        self.delay = .nanoseconds(delay.nanoseconds)
        pump()
    }

    /// Bytes, or the end of the stream, read from the source.
    func receive(_ item: Item) {
        guard !ended else { return }
        var due = NIODeadline.now() + delay
        if loss > 0 && loss < 1 {
            due = due + .nanoseconds(RetransmissionDelay.penalty(probability: loss, using: &random).nanoseconds)
        }
        due = max(due, lastDue)
        lastDue = due
        if case .data(let buffer) = item { queuedBytes += buffer.readableBytes }
        if case .end = item { ended = true }
        queue.append((item, due))
        pump()
    }

    /// Delivers what is due, schedules the rest, and reads more only while there is room.
    func pump() {
        timer?.cancel()
        timer = nil
        if !isCut {
            let now = NIODeadline.now()
            var wrote = false
            while let first = queue.first, first.due <= now, !delivered {
                queue.removeFirst()
                onDelivery?(first.item)
                switch first.item {
                case .data(let buffer):
                    queuedBytes -= buffer.readableBytes
                    destination.write(buffer, promise: nil)
                    wrote = true
                case .end(let reset):
                    if wrote { destination.flush() }
                    wrote = false
                    delivered = true
                    if reset { ProxyConnection.reset(destination) } else { destination.close(promise: nil) }
                }
            }
            if wrote { destination.flush() }
            if let next = queue.first, !delivered {
                timer = source.eventLoop.assumeIsolated().scheduleTask(deadline: next.due) { [self] in pump() }
            }
        }
        updateReading()
    }

    /// Reads from the source while little is held and the destination takes writes.
    func updateReading() {
        let want = !ended && queuedBytes < Self.holdLimit && destination.isWritable && destination.isActive
        guard want != reading, source.isActive else { return }
        reading = want
        try? source.syncOptions?.setOption(ChannelOptions.autoRead, value: want)
        if want { source.read() }
    }

    /// Drops what is held (the connection is being reset or torn down).
    func discard() {
        timer?.cancel()
        timer = nil
        queue.removeAll()
        queuedBytes = 0
        ended = true
        delivered = true
    }
}
