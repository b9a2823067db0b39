import AMQP
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The options a tuning sets, and that a listener's accepted sockets really get them.
@Suite struct SocketTuningTests {
    @Test func autotunedSetsNothing() {
        #expect(SocketTuning.autotuned.socketOptions.isEmpty)
    }

    @Test func eachLimitIsItsSocketOption() {
        let options = SocketTuning(sendBufferBytes: 1000, receiveBufferBytes: 2000, unsentLowWatermarkBytes: 3000).socketOptions
        #expect(options.count == 3)
        #expect(options[0].0.level == Int(SOL_SOCKET) && options[0].0.name == SO_SNDBUF && options[0].1 == 1000)
        #expect(options[1].0.level == Int(SOL_SOCKET) && options[1].0.name == SO_RCVBUF && options[1].1 == 2000)
        #expect(options[2].0.level == Int(IPPROTO_TCP) && options[2].0.name == TCP_NOTSENT_LOWAT && options[2].1 == 3000)
    }

    /// Set on a listener, the receive buffer is what accepted sockets start with (Linux
    /// reports twice the value asked for).
    @Test func acceptedSocketsInheritTheListenersBuffers() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let accepted = group.next().makePromise(of: SocketOptionValue.self)
        var bootstrap = ServerBootstrap(group: group).childChannelInitializer { channel in
            let provider = channel as! SocketOptionProvider
            accepted.completeWith(provider.unsafeGetSocketOption(level: .socket, name: .so_rcvbuf))
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        for (option, value) in SocketTuning(receiveBufferBytes: 32_768).socketOptions {
            bootstrap = bootstrap.serverChannelOption(option, value: value)
        }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        let client = try await ClientBootstrap(group: group).connect(to: server.localAddress!).get()
        #expect(try await accepted.futureResult.get() == 65_536)
        try await client.close()
        try await server.close()
    }
}
