import AMQP
import NIOCore
import RESP

/// One whole message one side of a connection sent, decoded.
public enum ApplicationMessage: Hashable, Sendable {
    /// A RESP request or reply. A request is an array of bulk strings; an inline command
    /// (`PING\r\n`) is turned into one, as the server does.
    case resp(RESPValue)
    /// The 8-octet protocol header a client opens an AMQP connection with (`AMQP\0\0\9\1`).
    case amqpProtocolHeader(ProtocolHeader)
    /// A method with its content header and body when the method carries content.
    case amqp(Command)
    case amqpHeartbeat
    case http(HTTPMessage)
}

/// An HTTP/1.1 request or response with its body de-chunked.
public struct HTTPMessage: Hashable, Sendable {
    public enum Head: Hashable, Sendable {
        case request(method: String, target: String, version: String)
        case response(version: String, status: Int, reason: String)
    }

    public struct Field: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var head: Head
    /// In wire order, names as sent.
    public var headers: [Field]
    public var body: ByteBuffer
    /// Trailer fields of a chunked body.
    public var trailers: [Field]

    public init(head: Head, headers: [Field], body: ByteBuffer, trailers: [Field] = []) {
        self.head = head
        self.headers = headers
        self.body = body
        self.trailers = trailers
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
