import NIOCore
import NIOHTTP1

/// A complete upstream answer: the proxy decides on retries from the head and answers the
/// client once, so the body is collected (Bookinfo bodies are a few KiB).
public struct UpstreamResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: ByteBuffer?
    /// Whether the upstream connection can carry another request.
    public var reusable: Bool
}

/// The last handler of an upstream HTTP/1.1 connection: sends one request at a time and calls
/// back with the whole response, or with `.reset` when the connection ends first. A callback
/// rather than a promise: this runs once per proxied request, always on the channel's loop.
final class UpstreamHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias Completion = (Result<UpstreamResponse, UpstreamFailure>) -> Void

    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var pending: Completion?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes one request; `completion` is called once with its response or failure.
    func send(head requestHead: HTTPRequestHead, body requestBody: ByteBuffer?, completion: @escaping Completion) {
        guard let context, pending == nil, context.channel.isActive else {
            return completion(.failure(.reset))
        }
        pending = completion
        head = nil
        body = nil
        context.write(wrapOutboundOut(.head(requestHead)), promise: nil)
        if let requestBody, requestBody.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            // 100 Continue and friends are not the answer.
            if responseHead.status.code >= 200 || responseHead.status == .switchingProtocols { head = responseHead }
        case .body(var chunk):
            if body == nil { body = chunk } else { body?.writeBuffer(&chunk) }
        case .end:
            guard let responseHead = head, let completion = pending else { return }
            pending = nil
            head = nil
            let collected = body
            body = nil
            completion(.success(UpstreamResponse(head: responseHead, body: collected, reusable: responseHead.isKeepAlive && context.channel.isActive)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail()
        context.close(promise: nil)
    }

    private func fail() {
        guard let completion = pending else { return }
        pending = nil
        completion(.failure(.reset))
    }
}
