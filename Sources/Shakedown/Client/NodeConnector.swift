import NIOCore
import NIOPosix

/// How the runner's own clients open a TCP connection to an address a node announced. The
/// network backend decides: a plain connect from loopback, or a socket made inside the
/// runner's own network namespace, so that the root namespace never needs a route to a node.
public protocol NodeConnector: Sendable {
    func connect(host: String, port: Int, timeout: Duration, group: any EventLoopGroup) async throws -> any Channel
}

/// A plain TCP connect from this namespace.
public struct DirectConnector: NodeConnector {
    public init() {}

    public func connect(host: String, port: Int, timeout: Duration, group: any EventLoopGroup) async throws
        -> any Channel
    {
        try await ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(timeout.nanoseconds))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port).get()
    }
}
