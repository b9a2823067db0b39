import NIOCore

/// A method with, for content-bearing methods, its header and whole body: what a channel acts
/// on once the frames that make it up have arrived.
public struct Command: Hashable, Sendable {
    public var channel: UInt16
    public var method: Method
    public var content: Content?

    public init(channel: UInt16, method: Method, content: Content? = nil) {
        self.channel = channel
        self.method = method
        self.content = content
    }
}

/// A message's content header and its reassembled body.
public struct Content: Hashable, Sendable {
    public var header: ContentHeader
    public var body: ByteBuffer

    public var properties: BasicProperties { header.properties }

    public init(header: ContentHeader, body: ByteBuffer) {
        self.header = header
        self.body = body
    }

    /// A basic-class content whose header's body size is the body's length.
    public init(properties: BasicProperties = .init(), body: ByteBuffer) {
        self.header = ContentHeader(classID: BasicMethod.classID, bodySize: UInt64(body.readableBytes), properties: properties)
        self.body = body
    }
}
