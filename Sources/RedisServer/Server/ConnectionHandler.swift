import NIOCore

/// The NIO side of a client connection: bytes in go to `Client.feed`, replies go out at the
/// end of each read batch (one write per batch, however many pipelined commands it held).
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let node: RedisNode
    private var client: Client?

    init(node: RedisNode) {
        self.node = node
    }

    func channelActive(context: ChannelHandlerContext) {
        switch node.acceptClient(channel: context.channel) {
        case .accepted(let client):
            self.client = client
            context.fireChannelActive()
        case .refused(let reason):
            // As Redis: one error line, then the connection is closed.
            var buffer = context.channel.allocator.buffer(capacity: reason.utf8.count + 3)
            buffer.writeString("-\(reason)\r\n")
            let channel = context.channel
            context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let client, !client.closing else { return }
        node.stats.readsProcessed += 1
        client.feed(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        node.beforeReplies()
        client?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let client {
            node.clientDisconnected(client)
            self.client = nil
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Resets and the like: the connection is over, as for Redis.
        context.close(promise: nil)
    }
}
