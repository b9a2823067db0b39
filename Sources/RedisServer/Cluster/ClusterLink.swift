import NIOCore

/// One TCP connection of the cluster bus (Redis's `clusterLink`): outbound ones we open to
/// each known node, inbound ones other nodes open to us. A node has at most one of each.
final class ClusterLink: @unchecked Sendable {
    let inbound: Bool
    let createdAt: Int64
    /// The node at the other end: known from the start for outbound links, from the first
    /// message's sender for inbound ones.
    var node: ClusterNode?
    private(set) var channel: Channel?
    private var pending: [ClusterMessage] = []
    private(set) var closed = false
    /// The address the peer connected from (inbound) or we connected to.
    var remoteIP: String?
    /// Our own address on this connection (how the peer reached us).
    var localIP: String?

    init(inbound: Bool, node: ClusterNode?, now: Int64) {
        self.inbound = inbound
        self.node = node
        self.createdAt = now
    }

    func attach(_ channel: Channel) {
        self.channel = channel
        remoteIP = channel.remoteAddress?.ipAddress
        localIP = channel.localAddress?.ipAddress
        for m in pending { channel.writeAndFlush(m, promise: nil) }
        pending.removeAll()
    }

    /// Queues until the connection is up (a PING right after connecting, as Redis).
    func send(_ message: ClusterMessage) {
        guard !closed else { return }
        if let channel {
            channel.writeAndFlush(message, promise: nil)
        } else {
            pending.append(message)
        }
    }

    /// Messages queued on a link that never connected (what unit tests inspect).
    func takePending() -> [ClusterMessage] {
        defer { pending.removeAll() }
        return pending
    }

    /// Redis's `freeClusterLink`: detaches from its node and closes the connection.
    func close() {
        guard !closed else { return }
        closed = true
        if let node {
            if node.link === self { node.link = nil }
            if node.inboundLink === self { node.inboundLink = nil }
        }
        channel?.close(promise: nil)
        channel = nil
        pending.removeAll()
    }
}
