import NIOCore

/// Writes replies into a ByteBuffer in the connection's protocol version. RESP3-only types
/// fall back to their RESP2 shapes as Redis does (null -> `$-1`/`*-1`, map -> flat array,
/// double -> bulk string, boolean -> integer, verbatim -> bulk string).
public struct RESPWriter {
    public var buffer: ByteBuffer
    public var version: RESPVersion

    public init(buffer: ByteBuffer, version: RESPVersion = .v2) {
        self.buffer = buffer
        self.version = version
    }

    @inlinable public mutating func ok() { buffer.writeStaticString("+OK\r\n") }

    @inlinable public mutating func simpleString(_ s: String) {
        buffer.writeInteger(UInt8(ascii: "+"))
        buffer.writeString(s)
        buffer.writeStaticString("\r\n")
    }

    /// `message` starts with the error code, e.g. `ERR syntax error` or `WRONGTYPE ...`.
    /// Newlines would break the framing, so Redis turns them into spaces; so do we.
    public mutating func error(_ message: String) {
        buffer.writeInteger(UInt8(ascii: "-"))
        if message.utf8.contains(where: { $0 == 10 || $0 == 13 }) {
            buffer.writeBytes(message.utf8.map { $0 == 10 || $0 == 13 ? 32 : $0 })
        } else {
            buffer.writeString(message)
        }
        buffer.writeStaticString("\r\n")
    }

    @inlinable public mutating func integer(_ value: Int) {
        buffer.writeRESPLength(prefix: UInt8(ascii: ":"), value)
    }

    @inlinable public mutating func integer(_ value: Int64) {
        integer(Int(value))
    }

    /// One reservation and one copy per bulk string: replies such as LRANGE write
    /// hundreds of them.
    @inlinable public mutating func bulk(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: n + 25) { out in
            out[0] = UInt8(ascii: "$")
            var i = 1 + RESPWriter.writeDigits(n, into: out, at: 1)
            out[i] = 13
            out[i + 1] = 10
            i += 2
            if n > 0 { (out.baseAddress! + i).copyMemory(from: bytes.baseAddress!, byteCount: n) }
            i += n
            out[i] = 13
            out[i + 1] = 10
            return i + 2
        }
    }

    /// Writes the decimal digits of a non-negative `value` at `offset`; returns how many.
    @inlinable
    static func writeDigits(_ value: Int, into out: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        if value < 10 {
            out[offset] = UInt8(48 + value)
            return 1
        }
        var digits = 0
        var v = value
        while v > 0 {
            digits += 1
            v /= 10
        }
        v = value
        var i = offset + digits - 1
        while v > 0 {
            out[i] = UInt8(48 + v % 10)
            v /= 10
            i -= 1
        }
        return digits
    }

    @inlinable public mutating func bulk(_ value: ByteBuffer) {
        buffer.writeRESPLength(prefix: UInt8(ascii: "$"), value.readableBytes)
        buffer.writeImmutableBuffer(value)
        buffer.writeStaticString("\r\n")
    }

    @inlinable public mutating func bulk(_ string: String) {
        buffer.writeRESPLength(prefix: UInt8(ascii: "$"), string.utf8.count)
        buffer.writeString(string)
        buffer.writeStaticString("\r\n")
    }

    /// The null bulk string (`$-1` in RESP2, `_` in RESP3).
    @inlinable public mutating func null() {
        if version == .v3 { buffer.writeStaticString("_\r\n") } else { buffer.writeStaticString("$-1\r\n") }
    }

    /// The null array (`*-1` in RESP2, `_` in RESP3).
    @inlinable public mutating func nullArray() {
        if version == .v3 { buffer.writeStaticString("_\r\n") } else { buffer.writeStaticString("*-1\r\n") }
    }

    @inlinable public mutating func arrayHeader(_ count: Int) {
        buffer.writeRESPLength(prefix: UInt8(ascii: "*"), count)
    }

    /// A map of `count` pairs (RESP2: an array of 2*count elements).
    @inlinable public mutating func mapHeader(_ count: Int) {
        if version == .v3 {
            buffer.writeRESPLength(prefix: UInt8(ascii: "%"), count)
        } else {
            buffer.writeRESPLength(prefix: UInt8(ascii: "*"), count * 2)
        }
    }

    @inlinable public mutating func setHeader(_ count: Int) {
        buffer.writeRESPLength(prefix: version == .v3 ? UInt8(ascii: "~") : UInt8(ascii: "*"), count)
    }

    /// Out-of-band data (pub/sub messages): `>` in RESP3, an array in RESP2.
    @inlinable public mutating func pushHeader(_ count: Int) {
        buffer.writeRESPLength(prefix: version == .v3 ? UInt8(ascii: ">") : UInt8(ascii: "*"), count)
    }

    public mutating func double(_ value: Double) {
        let text = RedisDoubleFormat.g17(value)
        if version == .v3 {
            buffer.writeInteger(UInt8(ascii: ","))
            buffer.writeString(text)
            buffer.writeStaticString("\r\n")
        } else {
            bulk(text)
        }
    }

    public mutating func boolean(_ value: Bool) {
        if version == .v3 {
            buffer.writeStaticString(value ? "#t\r\n" : "#f\r\n")
        } else {
            integer(value ? 1 : 0)
        }
    }

    /// Human-readable text (INFO, CLIENT LIST): `=len\r\ntxt:...` in RESP3.
    public mutating func verbatim(_ text: String, format: StaticString = "txt") {
        if version == .v3 {
            buffer.writeRESPLength(prefix: UInt8(ascii: "="), text.utf8.count + 4)
            buffer.writeStaticString(format)
            buffer.writeInteger(UInt8(ascii: ":"))
            buffer.writeString(text)
            buffer.writeStaticString("\r\n")
        } else {
            bulk(text)
        }
    }
}

extension ByteBuffer {
    /// Writes `<prefix><decimal>\r\n` without going through String.
    @inlinable
    public mutating func writeRESPLength(prefix: UInt8, _ value: Int) {
        if value >= 0 && value < 10 {
            // The commonest case by far: one digit.
            writeInteger(UInt32(prefix) | UInt32(48 + value) << 8 | 0x0A0D_0000, endianness: .little)
            return
        }
        writeInteger(prefix)
        writeDecimal(value)
        writeStaticString("\r\n")
    }

    @inlinable
    public mutating func writeDecimal(_ value: Int) {
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { writeInteger(UInt8(ascii: "-")) }
            writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(digits)[i..<20]))
        }
    }
}
