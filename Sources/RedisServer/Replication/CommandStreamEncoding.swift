import NIOCore

/// Commands as they travel down a replication stream: RESP multibulk, byte for byte what
/// Redis's `replicationFeedSlaves` produces (so offsets agree between Redis and us).
enum CommandStreamEncoding {
    static func append(_ command: [Bytes], to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "*"))
        writeDecimal(command.count, to: &out)
        out.writeStaticString("\r\n")
        for arg in command {
            out.writeInteger(UInt8(ascii: "$"))
            writeDecimal(arg.count, to: &out)
            out.writeStaticString("\r\n")
            out.writeBytes(arg)
            out.writeStaticString("\r\n")
        }
    }

    static func append(_ command: [String], to out: inout ByteBuffer) {
        append(command.map { Bytes($0) }, to: &out)
    }

    static func encode(_ command: [String]) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: 64)
        append(command, to: &out)
        return out
    }

    private static func writeDecimal(_ value: Int, to out: inout ByteBuffer) {
        if value < 10 {
            out.writeInteger(UInt8(48 + value))
            return
        }
        var digits: [UInt8] = []
        var v = value
        while v > 0 {
            digits.append(UInt8(48 + v % 10))
            v /= 10
        }
        out.writeBytes(digits.reversed())
    }
}
