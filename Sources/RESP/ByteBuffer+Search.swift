import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ByteBuffer {
    /// Offset (relative to the reader index) of the first `byte` at or after `from`, via memchr.
    @inlinable
    func offsetOfByte(_ byte: UInt8, from: Int = 0) -> Int? {
        self.withUnsafeReadableBytes { raw -> Int? in
            guard from < raw.count, let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + from, Int32(byte), raw.count - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Parses the readable bytes in `[start, end)` (relative offsets) with `string2ll` rules.
    @inlinable
    func strictInteger(from start: Int, to end: Int) -> Int64? {
        self.withUnsafeReadableBytes { raw in
            parseStrictInt64(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        }
    }
}
