import NIOCore
import NIOPosix

/// Opens one replay connection on a given event loop, with the pipeline `configure` builds
/// (run on the loop, so handlers need not be Sendable).
enum ReplayConnector {
    static func connect(
        to address: ReplayAddress, on loop: any EventLoop, timeoutSeconds: Double,
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(max(1, timeoutSeconds * 1000))))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try configure(channel) }
            }
            .connect(host: address.host, port: address.port)
    }
}
