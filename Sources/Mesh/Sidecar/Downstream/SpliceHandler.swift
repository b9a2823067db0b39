import NIOCore

/// One side of a tcp_proxy splice: bytes read here are written to the partner channel, with
/// reads paused while the partner cannot write (back-pressure). Bytes read before the partner
/// is connected (the request the entry already read) wait here. When either side closes, the
/// other is flushed and closed.
final class SpliceHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?
    private var partner: SpliceHandler?
    private var waiting: [ByteBuffer] = []
    private var partnerClosed = false
    private var pendingRead = false
    private var closedBeforePartner = false

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    /// Joins two handlers (both on the same event loop).
    static func join(_ first: SpliceHandler, _ second: SpliceHandler) {
        first.partner = second
        second.partner = first
        first.drain()
        second.drain()
    }

    /// The partner could not be reached: drop this side.
    func abandon() {
        waiting = []
        context?.close(promise: nil)
    }

    private func drain() {
        guard let partner else { return }
        if closedBeforePartner { return partner.partnerDidClose() }
        guard !waiting.isEmpty else { return }
        for buffer in waiting { partner.partnerWrite(buffer) }
        waiting = []
        partner.partnerFlush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if let partner { partner.partnerWrite(buffer) } else { waiting.append(buffer) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.partnerFlush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let partner { partner.partnerDidClose() } else { closedBeforePartner = true }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if let partner, !partner.isWritable {
            pendingRead = true
        } else {
            context.read()
        }
    }

    private var isWritable: Bool { context?.channel.isWritable ?? false }

    private func partnerWrite(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func partnerFlush() { context?.flush() }

    private func partnerDidClose() {
        guard !partnerClosed, let context else { return }
        partnerClosed = true
        // Writes complete in order: once this empty write is done everything before it is out.
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func partnerBecameWritable() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }
}
