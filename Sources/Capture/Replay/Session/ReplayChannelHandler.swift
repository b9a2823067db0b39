import NIOCore

/// Hands what a replay channel reads to its session: each value, the end of each read batch
/// (where the session flushes and wakes waiters once rather than per reply), and the end.
final class ReplayChannelHandler<Value>: ChannelInboundHandler {
    typealias InboundIn = Value

    private let onValue: (Value) -> Void
    private let onBatchEnd: () -> Void
    private let onEnd: (String?) -> Void

    init(onValue: @escaping (Value) -> Void, onBatchEnd: @escaping () -> Void, onEnd: @escaping (String?) -> Void) {
        self.onValue = onValue
        self.onBatchEnd = onBatchEnd
        self.onEnd = onEnd
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        onValue(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        onBatchEnd()
    }

    func channelInactive(context: ChannelHandlerContext) {
        onEnd(nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        onEnd("\(error)")
        context.close(promise: nil)
    }
}
