import NIOCore
import RESP

/// Matches replies to requests in order (RESP replies come back in request order on one
/// connection). On a timeout or a closed connection every pending request fails, and the
/// connection is closed: a late reply would otherwise answer the wrong request.
final class RESPRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = Request
    typealias OutboundOut = [[UInt8]]

    struct Request: Sendable {
        var arguments: [[UInt8]]
        var promise: EventLoopPromise<RESPValue>
    }

    private var pending = CircularBuffer<EventLoopPromise<RESPValue>>()
    private let address: String
    private var failure: RESPClientError?

    private var context: ChannelHandlerContext?

    init(address: String) {
        self.address = address
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        pending.append(request.promise)
        context.write(wrapOutboundOut(request.arguments), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        guard let promise = pending.popFirst() else {
            failAll(.protocolError(address: address, reason: "a reply nobody asked for"), context: context)
            return
        }
        promise.succeed(value)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed(address: address), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        failAll(.protocolError(address: address, reason: "\(error)"), context: context)
    }

    /// Called on the event loop when a request's deadline passed.
    func timeOut(after: Duration) {
        guard let context else { return }
        failAll(.timedOut(address: address, after: after), context: context)
    }

    private func failAll(_ error: RESPClientError, context: ChannelHandlerContext) {
        if failure == nil { failure = error }
        while let promise = pending.popFirst() { promise.fail(failure ?? error) }
        context.close(promise: nil)
    }
}
