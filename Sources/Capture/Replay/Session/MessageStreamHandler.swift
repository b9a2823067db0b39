import NIOCore

/// A target's replies decoded by the same `MessageStreamDecoder` that reads captures, so a
/// replayed reply and a captured one are framed by one set of rules and the same limits (a
/// target sending `$9223372036854775807` or an endless line is an error, not a trap or a
/// growing buffer). `prepare` runs before each decoding step (HTTP hands over the methods of
/// the requests written so far); `extract` picks the protocol's value out of the message.
final class MessageStreamHandler<Decoder: MessageStreamDecoder, Value>: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Value

    private var decoder: Decoder
    private let prepare: (inout Decoder) -> Void
    private let extract: (ApplicationMessage) -> Value?

    init(_ decoder: Decoder, prepare: @escaping (inout Decoder) -> Void = { _ in }, extract: @escaping (ApplicationMessage) -> Value?) {
        self.decoder = decoder
        self.prepare = prepare
        self.extract = extract
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        prepare(&decoder)
        decoder.append(unwrapInboundIn(data))
        do {
            while let message = try decoder.next() { forward(message, context: context) }
        } catch {
            context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        prepare(&decoder)
        // A message that ends with the connection (an HTTP body delimited by the close).
        do {
            if let message = try decoder.finish() { forward(message, context: context) }
        } catch {
            context.fireErrorCaught(error)
        }
        context.fireChannelInactive()
    }

    private func forward(_ message: ApplicationMessage, context: ChannelHandlerContext) {
        if let value = extract(message) { context.fireChannelRead(wrapInboundOut(value)) }
    }
}

/// Methods of the HTTP requests written and not yet handed to the response decoder. Shared by
/// the session and its handler on one event loop.
final class HTTPRequestMethods: @unchecked Sendable {
    var queue = CircularBuffer<String>()

    /// Hands the queued methods to `decoder` in order (a HEAD's response has no body).
    func drain(into decoder: inout HTTPStreamDecoder) {
        while let method = queue.popFirst() { decoder.expectResponse(toRequestMethod: method) }
    }
}
