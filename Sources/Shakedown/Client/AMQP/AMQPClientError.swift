import AMQP

/// Why an AMQP client operation failed. A server's channel.close or connection.close comes
/// back exactly as sent (reply code, text, and the class and method it blamed), which is what
/// permission checks compare against RabbitMQ's.
public enum AMQPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    case connectFailed(address: String, reason: String)
    /// The server closed the channel: a soft error such as 403, 404 or 406.
    case channelClosed(CloseReason)
    /// The server closed the connection: a hard error, a refused login (403) or vhost (530).
    case connectionClosed(CloseReason)
    /// The socket ended without a connection.close (or the handshake or close timed out).
    case connectionLost(address: String, reason: String)
    /// The server sent something this client cannot follow; the connection is closed.
    case protocolError(String)
    /// The server answered a method with another method than its reply.
    case unexpectedReply(expected: String, got: String)
    /// The client itself closed the channel or connection before this operation.
    case closedByClient

    /// The server's close, when that is what ended the operation.
    public var closeReason: CloseReason? {
        switch self {
        case .channelClosed(let reason), .connectionClosed(let reason): reason
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .connectFailed(let address, let reason): "cannot connect to \(address): \(reason)"
        case .channelClosed(let r): "channel closed by server: \(r.replyCode) \(r.replyText) (class \(r.classID), method \(r.methodID))"
        case .connectionClosed(let r):
            "connection closed by server: \(r.replyCode) \(r.replyText) (class \(r.classID), method \(r.methodID))"
        case .connectionLost(let address, let reason): "connection to \(address) lost: \(reason)"
        case .protocolError(let text): "AMQP protocol error: \(text)"
        case .unexpectedReply(let expected, let got): "expected \(expected), got \(got)"
        case .closedByClient: "closed by the client"
        }
    }
}
