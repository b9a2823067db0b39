import NIOCore

/// Parses replies (RESP2 and RESP3) for clients. `parse` consumes one whole value or nothing.
public struct RESPValueParser: Sendable {
    public struct Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { "RESP parse error: \(message)" }
    }

    /// Deeper nesting than this is refused rather than risking the stack.
    public var maxDepth = 512

    public init() {}

    /// Returns nil and leaves `buffer` unchanged when the value is not complete yet.
    public func parse(_ buffer: inout ByteBuffer) throws(Error) -> RESPValue? {
        var copy = buffer
        guard let value = try parseValue(&copy, depth: 0) else { return nil }
        buffer = copy
        return value
    }

    private func readLine(_ buffer: inout ByteBuffer) -> String? {
        guard let cr = buffer.offsetOfByte(13), cr + 2 <= buffer.readableBytes else { return nil }
        let line = buffer.readString(length: cr)!
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    private func readLength(_ buffer: inout ByteBuffer) throws(Error) -> Int? {
        guard let line = readLine(&buffer) else { return nil }
        guard let n = Int(line), n >= -1 else { throw Error(message: "bad length '\(line)'") }
        return n
    }

    private func parseValue(_ buffer: inout ByteBuffer, depth: Int) throws(Error) -> RESPValue? {
        guard depth <= maxDepth else { throw Error(message: "nesting deeper than \(maxDepth)") }
        guard let type = buffer.readInteger(as: UInt8.self) else { return nil }
        switch type {
        case UInt8(ascii: "+"):
            return readLine(&buffer).map { .simpleString($0) }
        case UInt8(ascii: "-"):
            return readLine(&buffer).map { .error($0) }
        case UInt8(ascii: ":"):
            guard let line = readLine(&buffer) else { return nil }
            guard let n = Int64(line) else { throw Error(message: "bad integer '\(line)'") }
            return .integer(n)
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
            guard let n = try readLength(&buffer) else { return nil }
            if n == -1 { return type == UInt8(ascii: "$") ? .bulkString(nil) : .null }
            // Subtracting keeps a huge announced length (a peer's `$9223372036854775807`) from overflowing.
            guard buffer.readableBytes - 2 >= n, let bytes = buffer.readBytes(length: n) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            if type == UInt8(ascii: "=") {
                let text = String(decoding: bytes, as: UTF8.self)
                guard bytes.count >= 4 else { throw Error(message: "verbatim string too short") }
                return .verbatim(format: String(text.prefix(3)), text: String(text.dropFirst(4)))
            }
            if type == UInt8(ascii: "!") { return .error(String(decoding: bytes, as: UTF8.self)) }
            return .bulkString(bytes)
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"):
            guard let n = try readLength(&buffer) else { return nil }
            if n == -1 { return .array(nil) }
            var items: [RESPValue] = []
            items.reserveCapacity(min(n, 4096))
            for _ in 0..<n {
                guard let item = try parseValue(&buffer, depth: depth + 1) else { return nil }
                items.append(item)
            }
            switch type {
            case UInt8(ascii: "~"): return .set(items)
            case UInt8(ascii: ">"): return .push(items)
            default: return .array(items)
            }
        case UInt8(ascii: "%"), UInt8(ascii: "|"):
            guard let n = try readLength(&buffer) else { return nil }
            guard n >= 0 else { throw Error(message: "bad map length \(n)") }
            var pairs: [RESPValue.Pair] = []
            for _ in 0..<n {
                guard let k = try parseValue(&buffer, depth: depth + 1),
                    let v = try parseValue(&buffer, depth: depth + 1)
                else { return nil }
                pairs.append(.init(k, v))
            }
            if type == UInt8(ascii: "|") {
                // Attributes decorate the value that follows; clients here only want the value.
                return try parseValue(&buffer, depth: depth + 1)
            }
            return .map(pairs)
        case UInt8(ascii: "_"):
            guard readLine(&buffer) != nil else { return nil }
            return .null
        case UInt8(ascii: ","):
            guard let line = readLine(&buffer) else { return nil }
            switch line {
            case "inf": return .double(.infinity)
            case "-inf": return .double(-.infinity)
            case "nan": return .double(.nan)
            default:
                guard let d = Double(line) else { throw Error(message: "bad double '\(line)'") }
                return .double(d)
            }
        case UInt8(ascii: "#"):
            guard let line = readLine(&buffer) else { return nil }
            guard line == "t" || line == "f" else { throw Error(message: "bad boolean '\(line)'") }
            return .boolean(line == "t")
        case UInt8(ascii: "("):
            return readLine(&buffer).map { .bigNumber($0) }
        default:
            throw Error(message: "unknown type byte 0x\(String(type, radix: 16))")
        }
    }
}

extension ByteBuffer {
    /// Writes a request as a RESP multibulk array of bulk strings.
    public mutating func writeRESPCommand(_ arguments: [[UInt8]]) {
        writeRESPLength(prefix: UInt8(ascii: "*"), arguments.count)
        for argument in arguments {
            writeRESPLength(prefix: UInt8(ascii: "$"), argument.count)
            writeBytes(argument)
            writeStaticString("\r\n")
        }
    }

    public mutating func writeRESPCommand(_ arguments: [String]) {
        writeRESPCommand(arguments.map { Array($0.utf8) })
    }
}
