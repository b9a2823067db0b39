import NIOCore
import NIOPosix

/// `envoy.tcp_proxy`: connects the downstream channel to an endpoint of the cluster (round
/// robin) and splices both ways, starting with the bytes already read.
enum TCPProxy {
    static func install(on channel: Channel, runtime: SidecarRuntime, listener: ListenerRuntime, cluster name: String, statPrefix: String) throws {
        let downstream = SpliceHandler()
        try channel.pipeline.syncOperations.addHandler(downstream)
        let stats = runtime.stats
        stats.counter("tcp.\(statPrefix).downstream_cx_total").add()
        guard let cluster = runtime.current?.clusters[name], let index = cluster.pickEndpoint() else {
            runtime.logger.info("\(listener.name): tcp_proxy cluster \(name) has no endpoint (UH/NC)")
            stats.counter("tcp.\(statPrefix).upstream_flush_total").add()
            stats.responseFlags(runtime.current?.clusters[name] == nil ? .noClusterFound : .noHealthyUpstream)
            downstream.abandon()
            return
        }
        let endpoint = cluster.endpoints[index]
        let host = cluster.hostStats[index]
        let loop = channel.eventLoop
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(cluster.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { upstreamChannel in
                upstreamChannel.eventLoop.makeCompletedFuture {
                    try upstreamChannel.pipeline.syncOperations.addHandler(SpliceHandler())
                }
            }
        let connecting: EventLoopFuture<Channel> =
            if let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) {
                bootstrap.connect(to: address)
            } else {
                bootstrap.connect(host: endpoint.host, port: endpoint.port)
            }
        cluster.stats.requestTotal.add()
        host.requestTotal.add()
        connecting.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let upstreamChannel):
                cluster.stats.connectionsTotal.add()
                cluster.stats.connectionsActive.add()
                host.connectionsTotal.add()
                host.connectionsActive.add()
                upstreamChannel.closeFuture.whenComplete { _ in
                    cluster.stats.connectionsActive.subtract()
                    host.connectionsActive.subtract()
                }
                guard let upstream = try? upstreamChannel.pipeline.syncOperations.handler(type: SpliceHandler.self) else {
                    upstreamChannel.close(promise: nil)
                    return downstream.abandon()
                }
                SpliceHandler.join(downstream, upstream)
            case .failure(let error):
                cluster.stats.connectFail.add()
                host.connectFail.add()
                stats.responseFlags(.upstreamConnectFailure)
                runtime.logger.info("\(listener.name): tcp_proxy could not connect to \(endpoint.text): \(error)")
                downstream.abandon()
            }
        }
    }
}
