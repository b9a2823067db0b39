import NIOCore
import NIOPosix

/// How the runner's own clients reach the nodes: from where they sit on the backend's network
/// (127.0.0.1 for proxy, a namespace of their own for netns), never from a node's address, so
/// no fault ever cuts them off.
public protocol NetworkConnector: Sendable {
    /// A new TCP socket connected to `host:port` (an announced address), or an error within
    /// `timeout`. The caller owns the descriptor and closes it. Blocks: call it from a thread
    /// that may block, not from an event loop (`connect(host:port:timeout:on:)` does).
    func connectedSocket(host: String, port: Int, timeout: Duration) throws -> CInt
}

extension NetworkConnector {
    /// A NIO channel connected to `host:port`, with `initializer` run on it before it becomes
    /// active in the pipeline (as `ClientBootstrap.channelInitializer`).
    public func connect(
        host: String, port: Int, timeout: Duration = .seconds(2), on group: any EventLoopGroup,
        initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void> = { $0.eventLoop.makeSucceededVoidFuture() }
    ) async throws -> Channel {
        let fd = try await NIOThreadPool.singleton.runIfActive {
            try self.connectedSocket(host: host, port: port, timeout: timeout)
        }
        // From here NIO owns the descriptor: it closes it with the channel, also when setting
        // the channel up fails.
        return try await ClientBootstrap(group: group)
            .channelInitializer(initializer)
            .withConnectedSocket(fd)
            .get()
    }
}
