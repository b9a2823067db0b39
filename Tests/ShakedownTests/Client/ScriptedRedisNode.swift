import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RESP

/// A TCP server on a free loopback port that answers each RESP command with whatever
/// `reply` returns (raw RESP text), or stays silent for nil: a node whose behaviour a test
/// scripts, to drive the cluster client through redirects, timeouts and refusals.
final class ScriptedRedisNode: Sendable {
    let channel: any Channel
    let received = NIOLockedValueBox<[[String]]>([])

    init(reply: @escaping @Sendable ([String]) -> String?) async throws {
        let received = self.received
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(RESPValueDecoder()), Responder(reply: reply, received: received),
                    ])
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var address: String { "127.0.0.1:\(channel.localAddress!.port!)" }
    var port: Int { channel.localAddress!.port! }

    var commands: [[String]] { received.withLockedValue { $0 } }

    func close() async {
        try? await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = RESPValue
        typealias OutboundOut = ByteBuffer
        let reply: @Sendable ([String]) -> String?
        let received: NIOLockedValueBox<[[String]]>

        init(reply: @escaping @Sendable ([String]) -> String?, received: NIOLockedValueBox<[[String]]>) {
            self.reply = reply
            self.received = received
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let command = (unwrapInboundIn(data).elements ?? []).compactMap(\.string)
            received.withLockedValue { $0.append(command) }
            guard let text = reply(command) else { return }
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
        }
    }
}
