import NIOCore

/// Reads AMQP primitives from one frame's payload. Every read names what it reads, so an
/// error says where the payload fell short; nothing here traps on untrusted bytes.
public struct WireReader {
    public private(set) var buffer: ByteBuffer
    /// Tables and arrays inside tables and arrays: each level costs a few bytes of input and a
    /// stack frame, so a 128 KiB frame could otherwise hold ~26,000 levels and exhaust the stack.
    /// No client nests anywhere near this deep.
    public static let maxNesting = 64
    private var nesting = 0

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    public var remaining: Int { buffer.readableBytes }

    private mutating func need(_ count: Int, _ reading: String) throws(WireError) {
        if buffer.readableBytes < count {
            throw .truncated(reading: reading, needed: count, available: buffer.readableBytes)
        }
    }

    public mutating func readOctet(_ reading: String) throws(WireError) -> UInt8 {
        try need(1, reading)
        return buffer.readInteger(as: UInt8.self) ?? 0
    }

    public mutating func readShort(_ reading: String) throws(WireError) -> UInt16 {
        try need(2, reading)
        return buffer.readInteger(as: UInt16.self) ?? 0
    }

    public mutating func readLong(_ reading: String) throws(WireError) -> UInt32 {
        try need(4, reading)
        return buffer.readInteger(as: UInt32.self) ?? 0
    }

    public mutating func readLongLong(_ reading: String) throws(WireError) -> UInt64 {
        try need(8, reading)
        return buffer.readInteger(as: UInt64.self) ?? 0
    }

    public mutating func readBytes(count: Int, _ reading: String) throws(WireError) -> [UInt8] {
        try need(count, reading)
        return buffer.readBytes(length: count) ?? []
    }

    /// A length-prefixed slice: the sub-payload of a table, array or long string.
    public mutating func readSlice(count: Int, _ reading: String) throws(WireError) -> ByteBuffer {
        try need(count, reading)
        return buffer.readSlice(length: count) ?? ByteBuffer()
    }

    public mutating func readShortStringBytes(_ reading: String) throws(WireError) -> [UInt8] {
        let length = try readOctet(reading)
        return try readBytes(count: Int(length), reading)
    }

    /// A short string as text. RabbitMQ checks UTF-8 in methods without content only (a speed
    /// choice of its codegen); elsewhere invalid bytes become U+FFFD here.
    public mutating func readShortString(_ reading: String, checkUTF8: Bool) throws(WireError) -> String {
        let bytes = try readShortStringBytes(reading)
        if checkUTF8 {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformedUTF8(reading: reading) }
            return text
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public mutating func readLongString(_ reading: String) throws(WireError) -> [UInt8] {
        let length = try readLong(reading)
        return try readBytes(count: Int(length), reading)
    }

    /// `count` consecutive bit arguments: up to eight share an octet, first bit in the least
    /// significant position.
    public mutating func readBits(_ count: Int, _ reading: String) throws(WireError) -> [Bool] {
        var bits: [Bool] = []
        bits.reserveCapacity(count)
        while bits.count < count {
            let octet = try readOctet(reading)
            for index in 0..<min(8, count - bits.count) { bits.append(octet & (1 << index) != 0) }
        }
        return bits
    }

    public mutating func readTable(_ reading: String) throws(WireError) -> FieldTable {
        let length = try readLong(reading)
        var inner = try nested(WireReader(try readSlice(count: Int(length), reading)), reading)
        return try inner.readTableEntries(reading)
    }

    /// A reader for a table's or array's bytes, one level deeper than this one.
    func nested(_ inner: WireReader, _ reading: String) throws(WireError) -> WireReader {
        guard nesting < Self.maxNesting else { throw .nestedTooDeep(reading: reading, limit: Self.maxNesting) }
        var inner = inner
        inner.nesting = nesting + 1
        return inner
    }

    /// Fails with `trailingBytes` if anything is left: RabbitMQ's binary patterns match the
    /// whole payload.
    public func expectEnd(after reading: String) throws(WireError) {
        if remaining > 0 { throw .trailingBytes(count: remaining, after: reading) }
    }
}
