import NIOCore

/// The NIO end of a bus link: decoded messages go to the cluster; a malformed packet or a
/// broken connection frees the link (the cron reconnects outbound ones).
final class ClusterLinkHandler: ChannelInboundHandler {
    typealias InboundIn = ClusterBusInbound

    private let cluster: Cluster
    private let link: ClusterLink

    init(cluster: Cluster, link: ClusterLink) {
        self.cluster = cluster
        self.link = link
    }

    func channelActive(context: ChannelHandlerContext) {
        link.attach(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !link.closed else { return }
        switch unwrapInboundIn(data) {
        case .message(let m) where m.type.rawValue < ClusterMessageType.knownCount:
            cluster.process(m, from: link)
        case .message(let m):
            // Redis lets unknown types pass; a peer we cannot understand loses its link here.
            drop(context, reason: "unknown message type \(m.type.rawValue)")
        case .unsupportedVersion:
            // Another protocol version: skipped without a word, as Redis does.
            break
        case .dropped(let error):
            drop(context, reason: "\(error)")
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        cluster.beforeSleep()
    }

    func channelInactive(context: ChannelHandlerContext) {
        link.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? ClusterBusError {
            drop(context, reason: "\(error)")
        } else {
            link.close()
            context.close(promise: nil)
        }
    }

    private func drop(_ context: ChannelHandlerContext, reason: String) {
        let peer = link.node.map { " (node \($0.id))" } ?? ""
        cluster.log.warning("Cluster bus: malformed packet from \(link.remoteIP ?? "?")\(peer), dropping the link: \(reason)")
        link.close()
        context.close(promise: nil)
    }
}
