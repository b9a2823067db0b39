/// The eight octets a client sends before any frame, e.g. `AMQP 0 0 9 1`.
public struct ProtocolHeader: Hashable, Sendable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public static let amqp091 = ProtocolHeader(bytes: Array("AMQP".utf8) + [0, 0, 9, 1])

    /// What RabbitMQ 3.10's `rabbit_reader:handshake` makes of this header, for the 0-9-1
    /// framing this library speaks.
    public var negotiation: ProtocolNegotiation {
        guard bytes.count == 8, bytes.starts(with: Array("AMQP".utf8)) else {
            return .refuse(reply: .amqp091)
        }
        switch (bytes[4], bytes[5], bytes[6], bytes[7]) {
        case (0, 0, 9, 1): return .accept(.amqp091)
        // RabbitMQ treats the 0-9 header as 0-9-1 and answers connection.start with 0.9 as well.
        case (1, 1, 0, 9): return .accept(.amqp09)
        // 0-8 and 1.0 are other framings; RabbitMQ without those readers answers as here.
        default: return .refuse(reply: .amqp091)
        }
    }
}

/// The outcome of reading a protocol header: go on with the handshake, or write `reply` and
/// close the connection (AMQP 0-9-1 §4.2.2; RabbitMQ's `refuse_connection`).
public enum ProtocolNegotiation: Hashable, Sendable {
    case accept(ProtocolVersion)
    case refuse(reply: ProtocolHeader)
}

public enum ProtocolVersion: Hashable, Sendable {
    case amqp091
    /// `AMQP 1 1 0 9`: spoken as 0-9-1.
    case amqp09
}
