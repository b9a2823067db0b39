import NIOCore
import RESP

/// One connection of a RESP replay to one node: requests waiting to be flushed, the request
/// numbers awaiting replies in the order sent (replies come back in that order), and what it
/// is subscribed to. Touched only on its session's event loop.
final class RESPNodeLink {
    /// Marks the reply to an `ASKING` this link sent before a redirected command.
    static let askingReply = -1
    /// Replies to the connection state sent first (`RESPConnectionSetup`) are marked from here
    /// down: -2 for the first, -3 for the second…
    static let firstSetupReply = -2

    let address: ReplayAddress
    var channel: (any Channel)?
    var ended = false
    private(set) var outbound: ByteBuffer
    private(set) var inFlight = CircularBuffer<Int>(initialCapacity: 64)
    private(set) var unflushed = 0
    var pubSub = RESPPubSubReader()
    /// The setup commands sent, by their reply's mark.
    private(set) var setupLabels: [String] = []

    init(address: ReplayAddress, allocator: ByteBufferAllocator) {
        self.address = address
        self.outbound = allocator.buffer(capacity: 4096)
    }

    func enqueue(_ index: Int, _ arguments: [[UInt8]]) {
        outbound.writeRESPCommand(arguments)
        inFlight.append(index)
        unflushed += 1
    }

    func enqueueAsking() {
        outbound.writeStaticString("*1\r\n$6\r\nASKING\r\n")
        inFlight.append(Self.askingReply)
    }

    /// Sends a state command the captured client sent home; its reply is swallowed.
    func enqueueSetup(_ command: RESPConnectionSetup.Command) {
        outbound.writeRESPCommand(command.arguments)
        inFlight.append(Self.firstSetupReply - setupLabels.count)
        setupLabels.append(command.label)
    }

    /// The label of the setup command a reply mark stands for.
    func setupLabel(marked mark: Int) -> String? {
        let position = Self.firstSetupReply - mark
        return setupLabels.indices.contains(position) ? setupLabels[position] : nil
    }

    func nextAwaited() -> Int? { inFlight.popFirst() }

    /// The request the next reply answers, left in place.
    var firstAwaited: Int? { inFlight.first }

    var awaitingCount: Int { inFlight.count }

    /// Writes everything queued in one write, once connected; returns how many requests went.
    @discardableResult
    func flush() -> Int {
        guard let channel, outbound.readableBytes > 0 else { return 0 }
        let sent = unflushed
        channel.writeAndFlush(outbound, promise: nil)
        outbound = channel.allocator.buffer(capacity: Swift.max(4096, outbound.capacity))
        unflushed = 0
        return sent
    }
}
