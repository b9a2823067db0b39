import NIOCore

/// Turns one direction of a connection, fed in stream order in pieces of any size, into whole
/// application messages. Decoders are strict and bounded: bytes that break the protocol, or a
/// message past a decoder's size limits, give a `MessageDecodingError`; after one, the decoder
/// has stopped (a byte stream cannot be resynced safely): it ignores later bytes and returns nil.
public protocol MessageStreamDecoder {
    mutating func append(_ bytes: ByteBuffer)
    /// The next whole message, nil when more bytes are needed.
    mutating func next() throws(MessageDecodingError) -> ApplicationMessage?
    /// The stream ended: a message that ends with the stream (HTTP body delimited by close), or
    /// nil; an error when a partial message is left ("stream ended 12 bytes into a RESP reply").
    mutating func finish() throws(MessageDecodingError) -> ApplicationMessage?
    /// Offset in the stream of the next message's first byte (for ConversationMessage.streamOffset).
    var nextMessageOffset: Int64 { get }
}
