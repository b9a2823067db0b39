import NIOCore
import RESP

/// One connection of a RESP replay to one node: requests waiting to be flushed, and the
/// request numbers awaiting replies in the order sent (replies come back in that order).
/// Touched only on its session's event loop.
final class RESPNodeLink {
    /// Marks the reply to an `ASKING` this link sent before a redirected command.
    static let askingReply = -1

    let address: ReplayAddress
    var channel: (any Channel)?
    var ended = false
    private(set) var outbound: ByteBuffer
    private(set) var inFlight = CircularBuffer<Int>(initialCapacity: 64)
    private(set) var unflushed = 0

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

    func nextAwaited() -> Int? { inFlight.popFirst() }

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
