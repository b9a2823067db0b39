import NIOCore

/// What a capture says happened at the application level, in capture order: connections opening
/// and closing, whole messages each side sent, and what could not be decoded.
public enum ConversationEvent: Sendable {
    case opened(ConversationOpened)
    case message(ConversationMessage)
    case problem(ConversationProblem)
    case closed(ConversationClosed)
}

public struct ConversationOpened: Sendable {
    public var connection: TCPConnectionID
    public var client: TCPEndpoint
    public var server: TCPEndpoint
    /// Microseconds since the Unix epoch.
    public var timestamp: Int64
    public var packetNumber: Int

    public init(connection: TCPConnectionID, client: TCPEndpoint, server: TCPEndpoint, timestamp: Int64, packetNumber: Int) {
        self.connection = connection
        self.client = client
        self.server = server
        self.timestamp = timestamp
        self.packetNumber = packetNumber
    }
}

public struct ConversationMessage: Sendable {
    public var connection: TCPConnectionID
    public var direction: TCPStreamDirection
    public var `protocol`: ApplicationProtocol
    public var message: ApplicationMessage
    /// Byte offset of the message's first byte in its direction's stream.
    public var streamOffset: Int64
    /// Time and packet of the message's first byte.
    public var timestamp: Int64
    public var packetNumber: Int

    public init(
        connection: TCPConnectionID, direction: TCPStreamDirection, protocol: ApplicationProtocol, message: ApplicationMessage,
        streamOffset: Int64, timestamp: Int64, packetNumber: Int
    ) {
        self.connection = connection
        self.direction = direction
        self.protocol = `protocol`
        self.message = message
        self.streamOffset = streamOffset
        self.timestamp = timestamp
        self.packetNumber = packetNumber
    }
}

/// A gap, a decoding error or a connection whose protocol is unknown. After a problem in one
/// direction, that direction's later bytes are not decoded (a byte stream cannot be resynced
/// safely); the other direction and other connections go on.
public struct ConversationProblem: Sendable, CustomStringConvertible {
    public var connection: TCPConnectionID?
    public var direction: TCPStreamDirection?
    public var streamOffset: Int64?
    public var packetNumber: Int?
    public var reason: String

    public init(connection: TCPConnectionID?, direction: TCPStreamDirection?, streamOffset: Int64?, packetNumber: Int?, reason: String) {
        self.connection = connection
        self.direction = direction
        self.streamOffset = streamOffset
        self.packetNumber = packetNumber
        self.reason = reason
    }

    /// `connection 3 client→server at stream offset 120 (packet 17): reason`.
    public var description: String {
        var place: [String] = []
        if let connection { place.append(connection.description) }
        if let direction { place.append(direction.description) }
        if let streamOffset { place.append("at stream offset \(streamOffset)") }
        if let packetNumber { place.append("(packet \(packetNumber))") }
        return place.isEmpty ? reason : place.joined(separator: " ") + ": " + reason
    }
}

public struct ConversationClosed: Sendable {
    public var connection: TCPConnectionID
    public var reason: TCPConnectionClosed.Reason
    public var timestamp: Int64

    public init(connection: TCPConnectionID, reason: TCPConnectionClosed.Reason, timestamp: Int64) {
        self.connection = connection
        self.reason = reason
        self.timestamp = timestamp
    }
}

/// Where a replay's events come from: `ConversationReader` over a file, or a test's list.
public protocol ConversationEventSource {
    /// The next event in capture order, nil at the end. A file error that ends reading throws;
    /// what was returned before stays valid (a partial result).
    mutating func next() throws(CaptureError) -> ConversationEvent?
}
