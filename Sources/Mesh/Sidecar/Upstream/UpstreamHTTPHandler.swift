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

/// The last handler of an upstream HTTP/1.1 connection: sends one request at a time and
/// completes its promise with the whole response, or fails it with `.reset` when the
/// connection ends first.
final class UpstreamHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var pending: EventLoopPromise<UpstreamResponse>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes one request; the promise completes with its response.
    func send(head requestHead: HTTPRequestHead, body requestBody: ByteBuffer?, promise: EventLoopPromise<UpstreamResponse>) {
        guard let context, pending == nil, context.channel.isActive else {
            return promise.fail(UpstreamFailure.reset)
        }
        pending = promise
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
            guard let responseHead = head, let promise = pending else { return }
            pending = nil
            head = nil
            let collected = body
            body = nil
            promise.succeed(UpstreamResponse(head: responseHead, body: collected, reusable: responseHead.isKeepAlive && context.channel.isActive))
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
        guard let promise = pending else { return }
        pending = nil
        promise.fail(UpstreamFailure.reset)
    }
}
