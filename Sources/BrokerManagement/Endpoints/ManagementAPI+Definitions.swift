import AMQP
import Broker
import Foundation
import Hummingbird

/// GET/POST /api/definitions[/{vhost}] in RabbitMQ's definitions format (administrators only).
extension ManagementAPI {
    /// The whole broker: access control's users, vhosts and permissions, and the model's
    /// exchanges (not the built-in ones), queues (not exclusive ones) and bindings (not the
    /// default exchange's).
    func exportDefinitions(_ request: ManagementRequest) async throws -> Response {
        var definitions = access.snapshot.definitions(rabbitVersion: Self.version)
        let topology = try await topology(vhost: nil)
        definitions.exchanges = topology.exchanges
        definitions.queues = topology.queues
        definitions.bindings = topology.bindings
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: definitions.json())))
    }

    /// One vhost's topology, without vhost fields (rabbit_mgmt_wm_definitions's vhost export).
    func exportVhostDefinitions(_ request: ManagementRequest) async throws -> Response {
        let vhost = request.parameter("vhost")
        guard access.vhostExists(vhost) else { throw ManagementError.objectNotFound }
        let topology = try await topology(vhost: vhost)
        var document = Definitions()
        document.exchanges = topology.exchanges
        document.queues = topology.queues
        document.bindings = topology.bindings
        guard case .object(var members) = try JSONDecoder().decode(JSONValue.self, from: Data(document.json())) else {
            throw ManagementError.badRequest("export failed")
        }
        for key in ["exchanges", "queues", "bindings"] {
            guard case .array(let items)? = members[key] else { continue }
            members[key] = .array(items.map { item in
                guard case .object(var fields) = item else { return item }
                fields["vhost"] = nil
                return .object(fields)
            })
        }
        let result: JSONValue = .object([
            "rabbit_version": .string(Self.version), "parameters": .array([]), "policies": .array([]),
            "exchanges": members["exchanges"] ?? .array([]), "queues": members["queues"] ?? .array([]),
            "bindings": members["bindings"] ?? .array([]),
        ])
        return JSONResponse.make(result)
    }

    /// POST /api/definitions: users, vhosts, permissions, topic permissions, then exchanges,
    /// queues and bindings. A body that is not JSON is `failed_to_parse_json`; a document that
    /// cannot be imported a 400 naming the entry.
    func importDefinitions(_ request: ManagementRequest) async throws -> Response {
        let definitions = try decodeDefinitions(request.body, vhost: nil)
        try await importing { try await node.importDefinitions(definitions) }
        return JSONResponse.noContent
    }

    /// POST /api/definitions/{vhost}: only exchanges, queues and bindings, into that vhost.
    func importVhostDefinitions(_ request: ManagementRequest) async throws -> Response {
        let vhost = request.parameter("vhost")
        guard access.vhostExists(vhost) else { throw ManagementError.objectNotFound }
        var definitions = try decodeDefinitions(request.body, vhost: vhost)
        definitions.users = []
        definitions.vhosts = []
        definitions.permissions = []
        definitions.topicPermissions = []
        definitions.globalParameters = []
        try await importing { try await node.importDefinitions(definitions) }
        return JSONResponse.noContent
    }

    private func importing(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as DefinitionsError {
            throw ManagementError.badRequest(error.description)
        } catch let error as BrokerError {
            throw ManagementError.badRequest(error.text)
        }
    }

    /// Reads the document; for a vhost import, entries take the vhost of the path.
    private func decodeDefinitions(_ body: ByteBuffer, vhost: String?) throws -> Definitions {
        let bytes = Array(body.readableBytesView)
        guard case .object(var members)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw ManagementError.badRequest("failed_to_parse_json")
        }
        if let vhost {
            for key in ["exchanges", "queues", "bindings"] {
                guard case .array(let items)? = members[key] else { continue }
                members[key] = .array(items.map { item in
                    guard case .object(var fields) = item else { return item }
                    fields["vhost"] = .string(vhost)
                    return .object(fields)
                })
            }
        }
        do throws(DefinitionsError) {
            return try Definitions.decode(json: JSONResponse.encode(.object(members)).readableBytesView)
        } catch {
            throw ManagementError.badRequest(error.description)
        }
    }

    private struct Topology: Sendable {
        var exchanges: [Definitions.Exchange] = []
        var queues: [Definitions.Queue] = []
        var bindings: [Definitions.Binding] = []
    }

    private func topology(vhost: String?) async throws -> Topology {
        try await model { state in
            var topology = Topology()
            for host in state.virtualHosts.values.sorted(by: { $0.name < $1.name }) where vhost == nil || host.name == vhost {
                for exchange in host.exchanges.values.sorted(by: { $0.name < $1.name })
                where !exchange.name.isEmpty && !exchange.name.hasPrefix("amq.") {
                    topology.exchanges.append(Definitions.Exchange(
                        name: exchange.name, vhost: host.name, type: exchange.type.rawValue, durable: exchange.durable,
                        autoDelete: exchange.autoDelete, internal: exchange.internal, arguments: exchange.arguments))
                }
                for queue in host.queues.values.sorted(by: { $0.name < $1.name }) where queue.exclusiveOwner == nil {
                    topology.queues.append(Definitions.Queue(
                        name: queue.name, vhost: host.name, durable: queue.durable, autoDelete: queue.autoDelete, arguments: queue.arguments))
                }
                for binding in Self.bindings(of: host) where !binding.source.isEmpty {
                    if case .queue(let name) = binding.destination, host.queue(named: name)?.exclusiveOwner != nil { continue }
                    topology.bindings.append(Definitions.Binding(
                        source: binding.source, vhost: host.name, destination: binding.destination.name,
                        destinationType: binding.destination.kind == .queue ? .queue : .exchange, routingKey: binding.routingKey,
                        arguments: binding.arguments))
                }
            }
            return topology
        }
    }
}
