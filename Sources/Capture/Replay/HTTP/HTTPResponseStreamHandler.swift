import NIOCore

/// The target's responses, decoded by the same `HTTPStreamDecoder` that reads captures, so a
/// replayed response and a captured one are framed by one set of rules. The session queues each
/// request's method as it writes it; they are handed to the decoder before the bytes that
/// answer them (a HEAD's response has no body).
final class HTTPResponseStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = HTTPMessage

    private var decoder = HTTPStreamDecoder(direction: .responses)
    private let methods: HTTPRequestMethods

    init(methods: HTTPRequestMethods) {
        self.methods = methods
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        takeMethods()
        decoder.append(unwrapInboundIn(data))
        do {
            while case .http(let response)? = try decoder.next() { context.fireChannelRead(wrapInboundOut(response)) }
        } catch {
            context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        takeMethods()
        // A body delimited by the close ends here.
        do {
            if case .http(let response)? = try decoder.finish() { context.fireChannelRead(wrapInboundOut(response)) }
        } catch {
            context.fireErrorCaught(error)
        }
        context.fireChannelInactive()
    }

    private func takeMethods() {
        while let method = methods.queue.popFirst() { decoder.expectResponse(toRequestMethod: method) }
    }
}

/// Methods of the requests written and not yet handed to the decoder. Shared by the session
/// and the handler on one event loop.
final class HTTPRequestMethods: @unchecked Sendable {
    var queue = CircularBuffer<String>()
}
