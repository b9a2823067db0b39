import NIOCore

/// Tells from the first bytes a client sent which protocol a connection speaks. AMQP: "AMQP"
/// (the protocol header). HTTP: a request line, an upper-case token, a space, a target, a space
/// and "HTTP/1.". RESP: '*' (a multibulk request) or a printable line starting with a letter (an
/// inline command). The server's port (6379, 7000-7999 → RESP; 5672 → AMQP; 80, 8000-8099,
/// 8080, 9080 → HTTP) only breaks ties: when the bytes stop before deciding, or a client
/// starts with a frame because the capture began after its AMQP handshake.
public enum ProtocolDetection {
    public enum Outcome: Hashable, Sendable {
        case detected(ApplicationProtocol)
        /// The bytes fit none of the protocols.
        case unknown
        /// The bytes so far fit more than one, or are too few to tell.
        case needMoreBytes
    }

    /// Longest first line looked at: RESP's inline limit.
    public static let maxLineLength = 64 * 1024

    /// `streamEnded`: no more client bytes will come, so decide with what there is.
    public static func detect(clientBytes: ByteBuffer, serverPort: UInt16? = nil, streamEnded: Bool = false) -> Outcome {
        let outcome = clientBytes.withUnsafeReadableBytes { classify($0) }
        switch outcome {
        case .needMoreBytes where streamEnded || clientBytes.readableBytes > maxLineLength:
            return hint(serverPort).map(Outcome.detected) ?? .unknown
        case .unknown:
            // A client whose capture starts after the AMQP handshake: a frame type octet first.
            if hint(serverPort) == .amqp, let first = clientBytes.readableBytesView.first, [1, 2, 3, 8].contains(first) {
                return .detected(.amqp)
            }
            return .unknown
        default:
            return outcome
        }
    }

    /// The protocol a well-known server port suggests.
    public static func hint(_ port: UInt16?) -> ApplicationProtocol? {
        guard let port else { return nil }
        switch port {
        case 6379, 7000...7999: return .resp
        case 5672: return .amqp
        case 80, 8000...8099, 8080, 9080: return .http
        default: return nil
        }
    }

    private static func classify(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard let first = bytes.first else { return .needMoreBytes }
        if first == UInt8(ascii: "*") { return .detected(.resp) }
        let amqp = "AMQP".utf8
        if bytes.prefix(4).elementsEqual(amqp.prefix(min(4, bytes.count))) {
            return bytes.count >= 4 ? .detected(.amqp) : .needMoreBytes
        }
        guard isLetter(first) else { return .unknown }
        // A printable line: an HTTP request line, else an inline command.
        let http = httpRequestLine(bytes)
        if http != .unknown { return http }
        for byte in bytes {
            if byte == 10 || byte == 13 { return .detected(.resp) }
            guard byte == 9 || (32..<127).contains(byte) else { return .unknown }
        }
        return .needMoreBytes
    }

    /// `.detected(.http)` for `METHOD SP target SP HTTP/1.`, `.unknown` once the line cannot be
    /// one, `.needMoreBytes` while it still may be.
    private static func httpRequestLine(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var index = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "A"), bytes[index] <= UInt8(ascii: "Z") { index += 1 }
        guard index < bytes.count else { return index <= 20 ? .needMoreBytes : .unknown }
        guard index <= 20, bytes[index] == 32 else { return .unknown }
        index += 1
        let targetStart = index
        while index < bytes.count, bytes[index] > 32, bytes[index] < 127 { index += 1 }
        guard index < bytes.count else { return .needMoreBytes }
        guard index > targetStart, bytes[index] == 32 else { return .unknown }
        let version = "HTTP/1.".utf8
        let rest = bytes[(index + 1)...]
        guard rest.prefix(version.count).elementsEqual(version.prefix(rest.count)) else { return .unknown }
        return rest.count >= version.count ? .detected(.http) : .needMoreBytes
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
