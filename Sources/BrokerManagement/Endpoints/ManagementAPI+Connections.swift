import AMQP
import Broker
import Hummingbird
import NIOCore

/// GET /api/connections and /api/channels: who is connected. Users without the
/// administrator or monitoring tag see their own only, as in RabbitMQ.
extension ManagementAPI {
    func listConnections(_ request: ManagementRequest) async throws -> Response {
        let connections = try await visibleConnections(request.user)
        let peers = try await node.connectionPeers()
        return JSONResponse.make(.array(connections.map { connectionJSON($0, peer: peers[$0.id]) }))
    }

    func listChannels(_ request: ManagementRequest) async throws -> Response {
        let connections = try await visibleConnections(request.user)
        let channels = try await node.channelSummaries()
        let peers = try await node.connectionPeers()
        let byConnection = Dictionary(grouping: channels, by: \.connection)
        let items: [JSONValue] = connections.flatMap { connection in
            (byConnection[connection.id] ?? []).sorted { $0.number < $1.number }.map { channel in
                JSONValue.object([
                    "name": .string("\(connectionName(connection, peer: peers[connection.id])) (\(channel.number))"),
                    "number": .integer(Int64(channel.number)),
                    "node": .string(nodeName),
                    "user": .string(connection.user ?? ""),
                    "vhost": .string(connection.vhost ?? ""),
                    "consumer_count": .integer(Int64(channel.consumers)),
                    "messages_unacknowledged": .integer(Int64(channel.unacknowledged)),
                    "prefetch_count": .integer(Int64(channel.prefetch)),
                    "confirm": .bool(channel.confirm),
                    "transactional": .bool(channel.transactional),
                    "state": "running",
                    "connection_details": .object(["name": .string(connectionName(connection, peer: peers[connection.id])), "peer_host": .string(peers[connection.id]?.ipAddress ?? "")]),
                ])
            }
        }
        return JSONResponse.make(.array(items))
    }

    private func visibleConnections(_ user: User) async throws -> [ConnectionInfo] {
        let all = try await node.connectionInfos()
        if user.hasTag(.administrator) || user.hasTag(.monitoring) { return all }
        return all.filter { $0.user == user.name }
    }

    /// `"127.0.0.1:50000 -> 127.0.0.1:5672"`, as RabbitMQ names connections.
    func connectionName(_ connection: ConnectionInfo, peer: SocketAddress?) -> String {
        "\(peer?.ipAddress ?? connection.peer):\(peer?.port ?? 0) -> \(node.configuration.host):\(node.boundPort ?? node.configuration.port)"
    }

    private func connectionJSON(_ connection: ConnectionInfo, peer: SocketAddress?) -> JSONValue {
        .object([
            "name": .string(connectionName(connection, peer: peer)),
            "node": .string(nodeName),
            "user": .string(connection.user ?? ""),
            "vhost": .string(connection.vhost ?? ""),
            "peer_host": .string(peer?.ipAddress ?? connection.peer),
            "peer_port": .integer(Int64(peer?.port ?? 0)),
            "host": .string(node.configuration.host),
            "port": .integer(Int64(node.boundPort ?? node.configuration.port)),
            "channels": .integer(Int64(connection.channels)),
            "client_properties": .object(connection.clientProperties),
            "protocol": "AMQP 0-9-1",
            "type": "network",
            "state": "running",
        ])
    }
}
