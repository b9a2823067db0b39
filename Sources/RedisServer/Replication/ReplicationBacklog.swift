import NIOCore

/// Redis's replication backlog: the last `capacity` bytes of the replication stream, in a
/// ring, so that a replica whose link broke can resume from the first byte it lacks instead
/// of loading a whole new snapshot.
///
/// Offsets are those of the stream: the byte at offset N is the N-th byte ever fed (the
/// first is 1), as Redis counts `master_repl_offset`.
struct ReplicationBacklog {
    private(set) var capacity: Int
    private var ring: [UInt8]
    /// Where the next byte goes.
    private var head = 0
    /// Bytes held (Redis's `histlen`), at most `capacity`.
    private(set) var historyLength = 0
    /// Offset of the oldest byte held; when nothing is held, of the next byte to come.
    private(set) var firstByteOffset: Int64

    /// An empty backlog whose first byte will be the one after `offset`.
    init(capacity: Int, after offset: Int64) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.ring = [UInt8](repeating: 0, count: capacity)
        self.firstByteOffset = offset + 1
    }

    /// Offset of the newest byte held (equals the stream's offset).
    var lastByteOffset: Int64 { firstByteOffset + Int64(historyLength) - 1 }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let total = bytes.count
        guard total > 0 else { return }
        let end = lastByteOffset + Int64(total)
        // Only the newest `capacity` bytes can stay.
        let kept = total > capacity ? UnsafeRawBufferPointer(rebasing: bytes[(total - capacity)...]) : bytes
        ring.withUnsafeMutableBytes { dest in
            let first = min(kept.count, capacity - head)
            dest.baseAddress!.advanced(by: head).copyMemory(from: kept.baseAddress!, byteCount: first)
            if first < kept.count {
                dest.baseAddress!.copyMemory(from: kept.baseAddress! + first, byteCount: kept.count - first)
            }
        }
        head = (head + kept.count) % capacity
        historyLength = min(capacity, historyLength + total)
        firstByteOffset = end - Int64(historyLength) + 1
    }

    mutating func append(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { append($0) }
    }

    /// True when a replica asking for the stream from `offset` (its first missing byte) can
    /// be served from here: anything from the oldest byte held to one past the newest.
    func canServe(from offset: Int64) -> Bool {
        offset >= firstByteOffset && offset <= firstByteOffset + Int64(historyLength)
    }

    /// The bytes from `offset` to the newest, or nil when `offset` is out of range.
    func bytes(from offset: Int64) -> ByteBuffer? {
        guard canServe(from: offset) else { return nil }
        let skip = Int(offset - firstByteOffset)
        let count = historyLength - skip
        var out = ByteBufferAllocator().buffer(capacity: count)
        guard count > 0 else { return out }
        let start = (head - historyLength + skip + capacity) % capacity
        ring.withUnsafeBytes { raw in
            let first = min(count, capacity - start)
            out.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<(start + first)]))
            if first < count { out.writeBytes(UnsafeRawBufferPointer(rebasing: raw[0..<(count - first)])) }
        }
        return out
    }

    /// `repl-backlog-size` changed: keep the newest bytes that still fit.
    mutating func resize(to newCapacity: Int) {
        guard newCapacity != capacity, newCapacity > 0 else { return }
        let kept = min(historyLength, newCapacity)
        let tail = bytes(from: lastByteOffset - Int64(kept) + 1) ?? ByteBuffer()
        let end = lastByteOffset
        capacity = newCapacity
        ring = [UInt8](repeating: 0, count: newCapacity)
        head = 0
        historyLength = 0
        firstByteOffset = end - Int64(kept) + 1
        append(tail)
        firstByteOffset = end - Int64(historyLength) + 1
    }
}
