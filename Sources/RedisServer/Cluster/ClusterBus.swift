import NIOCore
import NIOPosix

/// The cluster bus sockets: a listener on the bus port (client port + 10000 unless
/// `cluster-port` says otherwise) and outbound connections to every known node. Everything
/// runs on the node's event loop.
final class ClusterBus: @unchecked Sendable {
    unowned let cluster: Cluster
    private var listeners: [Channel] = []
    private(set) var port = 0

    init(cluster: Cluster) {
        self.cluster = cluster
    }

    /// Binds the bus port on the node's bind addresses.
    func listen(addresses: [(host: String, optional: Bool)], port: Int) throws {
        let cluster = self.cluster
        let bootstrap = ServerBootstrap(group: cluster.node.loop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let link = ClusterLink(inbound: true, node: nil, now: cluster.node.clock())
                    try ClusterBus.addHandlers(to: channel, cluster: cluster, link: link)
                }
            }
        for (host, optional) in addresses {
            do {
                var b = bootstrap
                if host.contains(":") {
                    // IPv6-only, as for the client port, so that it can sit beside `*`.
                    b = b.serverChannelOption(
                        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
                }
                let channel = try b.bind(host: host, port: port).wait()
                listeners.append(channel)
                self.port = channel.localAddress?.port ?? port
            } catch {
                if !optional { throw error }
            }
        }
        if listeners.isEmpty { throw ChannelError.inappropriateOperationForState }
    }

    static func addHandlers(to channel: Channel, cluster: Cluster, link: ClusterLink) throws {
        let ops = channel.pipeline.syncOperations
        try ops.addHandler(ByteToMessageHandler(ClusterBusFrameDecoder()))
        try ops.addHandler(MessageToByteHandler(ClusterBusMessageEncoder()))
        try ops.addHandler(ClusterLinkHandler(cluster: cluster, link: link))
    }

    /// Opens the outbound link to `node` (Redis's `clusterNodeCronHandleReconnect`).
    func connect(_ node: ClusterNode) {
        let cluster = self.cluster
        let link = ClusterLink(inbound: false, node: node, now: cluster.node.clock())
        node.link = link
        let timeout = max(Int64(cluster.settings.nodeTimeout), 1000)
        // A loop without sockets (unit tests' EmbeddedEventLoop) cannot connect anywhere.
        guard let base = ClientBootstrap(validatingGroup: cluster.node.loop) else {
            link.close()
            return
        }
        let bootstrap = base
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.milliseconds(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try ClusterBus.addHandlers(to: channel, cluster: cluster, link: link)
                }
            }
        OutboundConnect.connect(bootstrap, host: node.ip, port: node.busPort, source: cluster.node.config.bindSourceAddress)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    if link.closed {
                        channel.close(promise: nil)
                        return
                    }
                    // A PING (or MEET) right away: crucial against false failure detection.
                    let oldPingSent = node.pingSent
                    cluster.sendPing(on: link, type: node.flags.contains(.meet) ? .meet : .ping)
                    if oldPingSent != 0 { node.pingSent = oldPingSent }
                    node.flags.remove(.meet)
                case .failure:
                    // As Redis: a failed connect still counts as a ping in flight, so that
                    // failure detection works for nodes we cannot reach at all.
                    if node.pingSent == 0 { node.pingSent = cluster.node.clock() }
                    link.close()
                }
            }
    }

    func close() {
        for l in listeners { l.close(promise: nil) }
        listeners.removeAll()
    }
}
