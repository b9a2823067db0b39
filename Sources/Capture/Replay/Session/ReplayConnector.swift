import Dispatch
import NIOCore
import NIOPosix

/// Opens one replay connection on a given event loop, with the pipeline `configure` builds
/// (run on the loop, so handlers need not be Sendable).
enum ReplayConnector {
    static func connect(
        to address: ReplayAddress, on loop: any EventLoop, timeoutSeconds: Double, socketFactory: ReplayOptions.SocketFactory?,
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) -> EventLoopFuture<any Channel> {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(max(1, timeoutSeconds * 1000))))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try configure(channel) }
            }
        guard let socketFactory else { return bootstrap.connect(host: address.host, port: address.port) }
        // The factory blocks (it may enter a network namespace to connect): never on the loop.
        let socket = loop.makePromise(of: CInt.self)
        DispatchQueue.global().async {
            socket.completeWith(Result { try socketFactory(address.host, address.port, timeoutSeconds) })
        }
        return socket.futureResult.flatMap { descriptor in
            bootstrap.withConnectedSocket(descriptor)
        }
    }
}
