import NIOCore

/// The undelivered bytes of one direction and where they sit in the stream: what every decoder
/// keeps between calls. Consumed bytes are dropped once they are most of the buffer, so memory
/// stays at about one unfinished message.
struct StreamInput {
    private(set) var buffer = ByteBuffer()
    /// Stream offset of `buffer.readerIndex`.
    private(set) var offset: Int64 = 0

    var readableBytes: Int { buffer.readableBytes }

    mutating func append(_ bytes: ByteBuffer) {
        if buffer.readableBytes == 0 {
            // Adopt the segment's bytes as they are: no copy until more must be appended.
            buffer = bytes
        } else if buffer.readableBytes <= bytes.readableBytes {
            // A short leftover (the start of a message) and a new segment: one buffer of just
            // both, instead of growing the old segment's storage (which copies its consumed
            // bytes too). Each byte is copied at most twice overall, as the leftover is smaller.
            var merged = ByteBufferAllocator().buffer(capacity: buffer.readableBytes + bytes.readableBytes)
            merged.writeImmutableBuffer(buffer)
            merged.writeImmutableBuffer(bytes)
            buffer = merged
        } else {
            // A long message still arriving: grow in place (amortized doubling).
            if buffer.readerIndex >= 64 * 1024, buffer.readerIndex >= buffer.readableBytes {
                buffer.discardReadBytes()
            }
            buffer.writeImmutableBuffer(bytes)
        }
    }

    mutating func consume(_ count: Int) {
        buffer.moveReaderIndex(forwardBy: count)
        offset += Int64(count)
    }

    /// Lets a parser that consumes from the buffer itself work on it; the offset follows what it consumed.
    mutating func withBuffer<T, E: Error>(_ body: (inout ByteBuffer) throws(E) -> T) throws(E) -> T {
        let before = buffer.readableBytes
        defer { offset += Int64(before - buffer.readableBytes) }
        return try body(&buffer)
    }

    /// Drops everything (after an error): later bytes are ignored too by the caller's state.
    mutating func discardAll() {
        offset += Int64(buffer.readableBytes)
        buffer = ByteBuffer()
    }

    func byte(at index: Int) -> UInt8? { buffer.getInteger(at: buffer.readerIndex + index, as: UInt8.self) }
}
