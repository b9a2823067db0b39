/// What a single-node Consul holds about services: the instances registered on its one agent
/// node, and the catalog index — one counter that grows on every change (Consul's Raft index),
/// which blocking queries compare against. A value with no I/O; `ConsulRegistry` shares it.
public struct ConsulCatalog: Sendable {
    /// One registered service instance, as the agent stored it.
    public struct Instance: Sendable, Equatable {
        /// The registration with `id` filled in (Consul's default: the name).
        public var registration: ConsulServiceRegistration
        public var createIndex: Int
        public var modifyIndex: Int

        public var id: String { registration.id ?? registration.name }
    }

    /// The agent node every instance lives on.
    public struct Node: Sendable, Equatable {
        public var id: String
        public var name: String
        public var address: String
        public var datacenter: String

        public init(id: String, name: String, address: String, datacenter: String) {
            self.id = id
            self.name = name
            self.address = address
            self.datacenter = datacenter
        }

        /// The contract's node: "shakedown" at 127.0.0.1 in dc1.
        public static let shakedown = Node(
            id: "8d2f1c3e-5a4b-4c6d-9e7f-0a1b2c3d4e5f", name: "shakedown", address: "127.0.0.1", datacenter: "dc1")
    }

    /// Why a registration is refused; the text is Consul's answer body.
    public enum RegistrationError: Error, Equatable, CustomStringConvertible {
        case missingName
        case invalidAddress(String)

        public var description: String {
            switch self {
            case .missingName: "Missing service name"
            case .invalidAddress: "Invalid service address"
            }
        }
    }

    public let node: Node
    /// Starts at 1: Consul's clients treat 0 as "no index yet".
    public private(set) var index = 1
    private var instancesByID: [String: Instance] = [:]

    public init(node: Node = .shakedown) {
        self.node = node
    }

    // MARK: Changes

    /// Adds or replaces (same ID) an instance; a replacement keeps its CreateIndex. Every
    /// registration is a change, as the agent's sync writes it to the catalog again.
    @discardableResult
    public mutating func register(_ registration: ConsulServiceRegistration) throws(RegistrationError) -> Instance {
        guard !registration.name.isEmpty else { throw .missingName }
        // Consul refuses the unspecified addresses: nobody can reach an instance there.
        if let address = registration.address, address == "0.0.0.0" || address == "::" || address == "[::]" {
            throw .invalidAddress(address)
        }
        var stored = registration
        if stored.id?.isEmpty ?? true { stored.id = stored.name }
        let id = stored.id ?? stored.name
        index += 1
        let instance = Instance(registration: stored, createIndex: instancesByID[id]?.createIndex ?? index, modifyIndex: index)
        instancesByID[id] = instance
        return instance
    }

    /// Removes an instance; false (and no change, so no new index) when there is none.
    @discardableResult
    public mutating func deregister(serviceID: String) -> Bool {
        guard instancesByID.removeValue(forKey: serviceID) != nil else { return false }
        index += 1
        return true
    }

    // MARK: Reads

    /// Every instance, oldest registration first.
    public var instances: [Instance] {
        instancesByID.values.sorted { ($0.createIndex, $0.id) < ($1.createIndex, $1.id) }
    }

    /// `GET /v1/catalog/services`: each service name with the union of its instances' tags
    /// (sorted; Consul's order is a Go map's, i.e. none).
    public func services() -> [String: [String]] {
        var tags: [String: Set<String>] = [:]
        for instance in instancesByID.values {
            tags[instance.registration.name, default: []].formUnion(instance.registration.tags ?? [])
        }
        return tags.mapValues { $0.sorted() }
    }

    /// `GET /v1/catalog/service/:name[?tag=…]`: the instances of a service carrying every given
    /// tag (compared case-insensitively, as Consul's tag filter does), oldest first; `[]` for
    /// an unknown service.
    public func service(_ name: String, tags: [String] = []) -> [Instance] {
        let wanted = tags.map { $0.lowercased() }
        return instances.filter { instance in
            guard instance.registration.name == name else { return false }
            let have = Set((instance.registration.tags ?? []).map { $0.lowercased() })
            return wanted.allSatisfy(have.contains)
        }
    }

    /// The catalog row of an instance, as the shared model carries it.
    public func catalogService(_ instance: Instance) -> ConsulCatalogService {
        let registration = instance.registration
        return ConsulCatalogService(
            id: node.id, node: node.name, address: node.address, datacenter: node.datacenter, serviceID: instance.id,
            serviceName: registration.name, serviceTags: registration.tags ?? [], serviceAddress: registration.address ?? "",
            serviceMeta: registration.meta ?? [:], servicePort: registration.port ?? 0, createIndex: instance.createIndex,
            modifyIndex: instance.modifyIndex)
    }
}
