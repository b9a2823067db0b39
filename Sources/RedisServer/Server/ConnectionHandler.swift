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
        guard let client = node.acceptClient(channel: context.channel) else {
            // Over maxclients: Redis replies and closes.
            var buffer = context.channel.allocator.buffer(capacity: 64)
            buffer.writeString("-ERR max number of clients reached\r\n")
            context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in context.close(promise: nil) }
            return
        }
        self.client = client
        context.fireChannelActive()
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
