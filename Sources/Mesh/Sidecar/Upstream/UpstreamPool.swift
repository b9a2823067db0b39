import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One upstream connection and its last handler, found once rather than per request.
struct UpstreamConnection: @unchecked Sendable {
    let channel: Channel
    /// Used only on `channel`'s event loop.
    let handler: UpstreamHTTPHandler
}

/// Keep-alive HTTP/1.1 connections to upstream hosts, kept per event loop so a request
/// stays on the loop of its downstream connection. Idle connections that the upstream
/// closes leave the pool by themselves.
public final class UpstreamPool: Sendable {
    struct Key: Hashable {
        let endpoint: UpstreamEndpoint
        let loop: ObjectIdentifier
    }

    private let idle = NIOLockedValueBox<[Key: [UpstreamConnection]]>([:])
    /// Idle connections kept per host and loop; more are closed on release.
    let maxIdlePerHost: Int

    public init(maxIdlePerHost: Int = 64) { self.maxIdlePerHost = maxIdlePerHost }

    /// An idle kept-alive connection to `endpoint` on `loop`, if there is one: the common case,
    /// answered without a future.
    func takeIdle(_ endpoint: UpstreamEndpoint, on loop: any EventLoop) -> UpstreamConnection? {
        let key = Key(endpoint: endpoint, loop: ObjectIdentifier(loop))
        return idle.withLockedValue { table in
            while let connection = table[key]?.popLast() {
                if connection.channel.isActive { return connection }
            }
            return nil
        }
    }

    /// A new connection ready for `UpstreamHTTPHandler.send`.
    func connect(
        _ endpoint: UpstreamEndpoint, on loop: any EventLoop, connectTimeout: TimeAmount, stats: ClusterStats, host: HostStats
    ) -> EventLoopFuture<UpstreamConnection> {
        let key = Key(endpoint: endpoint, loop: ObjectIdentifier(loop))
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Request heads come parsed from the client or from the proxy: NIO's outbound check is skipped.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(UpstreamHTTPHandler())
                }
            }
        let connecting: EventLoopFuture<Channel> =
            if let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) {
                bootstrap.connect(to: address)
            } else {
                bootstrap.connect(host: endpoint.host, port: endpoint.port)
            }
        return connecting.flatMapThrowing { channel in
            let handler = try channel.pipeline.syncOperations.handler(type: UpstreamHTTPHandler.self)
            stats.connectionsTotal.add()
            stats.connectionsActive.add()
            host.connectionsTotal.add()
            host.connectionsActive.add()
            channel.closeFuture.whenComplete { _ in
                stats.connectionsActive.subtract()
                host.connectionsActive.subtract()
                self.forget(channel, key: key)
            }
            return UpstreamConnection(channel: channel, handler: handler)
        }.flatMapErrorThrowing { _ in
            stats.connectFail.add()
            host.connectFail.add()
            throw UpstreamFailure.connectFailure
        }
    }

    /// Gives a connection back after a complete response, or closes it.
    func release(_ connection: UpstreamConnection, endpoint: UpstreamEndpoint, reusable: Bool) {
        guard reusable, connection.channel.isActive else { return connection.channel.close(promise: nil) }
        let key = Key(endpoint: endpoint, loop: ObjectIdentifier(connection.channel.eventLoop))
        let kept = idle.withLockedValue { table -> Bool in
            guard table[key, default: []].count < maxIdlePerHost else { return false }
            table[key, default: []].append(connection)
            return true
        }
        if !kept { connection.channel.close(promise: nil) }
    }

    /// Closes every idle connection (shutdown).
    public func closeAll() {
        let all = idle.withLockedValue { table in
            defer { table = [:] }
            return table.values.flatMap { $0 }
        }
        for connection in all { connection.channel.close(promise: nil) }
    }

    private func forget(_ channel: Channel, key: Key) {
        idle.withLockedValue { table in
            table[key]?.removeAll { $0.channel === channel }
        }
    }
}
