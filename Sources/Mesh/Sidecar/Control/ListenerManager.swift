import Logging
import NIOCore
import NIOPosix

/// The sidecar's real sockets: the 15001 entry, `--publish` binds and one per inbound
/// listener of the configuration. `reconcile` binds listeners that appeared and closes those
/// that went away; connections already accepted stay open, as Envoy drains them.
public actor ListenerManager {
    private let group: any EventLoopGroup
    private let runtime: SidecarRuntime
    /// Inbound listener sockets by "name@host:port".
    private var inbound: [String: Channel] = [:]
    private var fixed: [Channel] = []

    public init(group: any EventLoopGroup, runtime: SidecarRuntime) {
        self.group = group
        self.runtime = runtime
    }

    /// Binds the outbound entry (Istio's 15001): connections are sniffed and handed to the
    /// listener `0.0.0.0_<port>` of their destination port. Returns the bound address.
    @discardableResult
    public func bindEntry(host: String, port: Int) async throws -> SocketAddress {
        let runtime = runtime
        let channel = try await bootstrap { channel in
            channel.eventLoop.makeCompletedFuture {
                let sniffer = EntrySniffer(logger: runtime.logger) { channel, port in
                    guard let listener = runtime.current?.virtualListener(port: port) else {
                        runtime.stats.responseFlags(.noRoute)
                        return false
                    }
                    try DownstreamPipeline.install(on: channel, listener: listener, runtime: runtime)
                    return true
                }
                try channel.pipeline.syncOperations.addHandler(sniffer)
            }
        }.bind(host: host, port: port).get()
        fixed.append(channel)
        return try address(of: channel)
    }

    /// Binds an extra socket feeding the inbound listener of `targetPort` (docker's `ports:`).
    @discardableResult
    public func bindPublish(host: String, port: Int, targetPort: Int) async throws -> SocketAddress {
        let runtime = runtime
        let channel = try await bootstrap { channel in
            channel.eventLoop.makeCompletedFuture {
                guard let listener = runtime.current?.inboundListener(port: targetPort) else {
                    runtime.logger.info("publish \(host):\(port): no inbound listener on port \(targetPort) yet")
                    throw ChannelError.inputClosed
                }
                try DownstreamPipeline.install(on: channel, listener: listener, runtime: runtime)
            }
        }.bind(host: host, port: port).get()
        fixed.append(channel)
        return try address(of: channel)
    }

    /// Binds the configuration's pod-address listeners that are not bound yet and closes the
    /// ones it no longer has. A listener that cannot be bound is logged and skipped.
    public func reconcile(_ config: SidecarConfig) async {
        var wanted: [String: ListenerRuntime] = [:]
        for listener in config.boundListeners { wanted["\(listener.name)@\(listener.host):\(listener.port)"] = listener }
        for (key, channel) in inbound where wanted[key] == nil {
            runtime.logger.info("listener \(key) removed")
            inbound[key] = nil
            try? await channel.close()
        }
        let runtime = runtime
        for (key, listener) in wanted.sorted(by: { $0.key < $1.key }) where inbound[key] == nil {
            let name = listener.name
            do {
                let channel = try await bootstrap { channel in
                    channel.eventLoop.makeCompletedFuture {
                        guard let current = runtime.current?.listener(named: name) else { throw ChannelError.inputClosed }
                        try DownstreamPipeline.install(on: channel, listener: current, runtime: runtime)
                    }
                }.bind(host: listener.host, port: listener.port).get()
                inbound[key] = channel
                runtime.logger.info("listener \(key) bound")
            } catch {
                runtime.logger.error("listener \(key): cannot bind \(listener.host):\(listener.port): \(error)")
            }
        }
    }

    /// Addresses of the bound inbound listeners, by listener name.
    public func boundInbound() -> [String: SocketAddress] {
        var result: [String: SocketAddress] = [:]
        for (key, channel) in inbound {
            if let name = key.split(separator: "@").first, let address = channel.localAddress { result[String(name)] = address }
        }
        return result
    }

    public func closeAll() async {
        for channel in fixed + inbound.values { try? await channel.close() }
        fixed = []
        inbound = [:]
    }

    private func bootstrap(_ initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer(initializer)
    }

    private func address(of channel: Channel) throws -> SocketAddress {
        guard let address = channel.localAddress else { throw ChannelError.inappropriateOperationForState }
        return address
    }
}
