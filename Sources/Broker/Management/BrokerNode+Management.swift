import NIOCore

/// What the management API lists about connections and channels beyond `ConnectionInfo`: the
/// peer as an address, and each open channel. (Kept apart from the server's own API, which
/// another part of the broker owns.)
extension BrokerNode {
    /// One open AMQP channel as /api/channels shows it.
    public struct ChannelSummary: Sendable {
        public var connection: ConnectionID
        public var number: UInt16
        public var consumers: Int
        public var unacknowledged: Int
        /// basic.qos prefetch of new consumers (global=false), as RabbitMQ's `prefetch_count`.
        public var prefetch: Int
        public var confirm: Bool
        public var transactional: Bool
    }

    public func channelSummaries() async throws -> [ChannelSummary] {
        try await loop.submit {
            self.connections.values.flatMap { connection in
                connection.channels.values.map { channel in
                    ChannelSummary(
                        connection: connection.id, number: channel.number, consumers: channel.consumers.consumerTags.count,
                        unacknowledged: channel.consumers.unackedCount, prefetch: channel.consumers.consumerPrefetch,
                        confirm: channel.mode == .confirm, transactional: channel.mode == .tx)
                }
            }
        }.get()
    }

    /// The peer address of each client connection, for `peer_host` and `peer_port`.
    public func connectionPeers() async throws -> [ConnectionID: SocketAddress] {
        try await loop.submit {
            var peers: [ConnectionID: SocketAddress] = [:]
            for (id, connection) in self.connections {
                if let address = connection.context?.remoteAddress { peers[id] = address }
            }
            return peers
        }.get()
    }
}
