import NIOCore
import NIOPosix
import Testing

@testable import Shakedown

/// A server that hangs up at once, before the client has even joined its handlers: the
/// connect fails with a typed error, and nothing is left waiting (an unfulfilled handshake
/// promise traps in debug builds).
@Suite struct AMQPClientClosedSocketTests {
    final class HangUp: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        func channelActive(context: ChannelHandlerContext) { context.close(promise: nil) }
    }

    @Test func aServerThatHangsUpFailsTheConnect() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { $0.pipeline.addHandler(HangUp()) }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        for _ in 0..<20 {
            do {
                _ = try await AMQPClientConnection.connect(host: "127.0.0.1", port: port, group: group, timeout: .seconds(5))
                Issue.record("connected to a server that hangs up")
            } catch {
                switch error {
                case .connectionLost, .connectFailed: break
                default: Issue.record("unexpected error \(error)")
                }
            }
        }
        try await server.close()
    }
}
