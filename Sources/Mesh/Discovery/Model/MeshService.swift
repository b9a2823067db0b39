/// A service as Pilot sees it after converting Consul's catalog (`model.Service` plus its
/// instances): the input of translation beside the Istio config.
public struct MeshService: Sendable, Equatable, Codable {
    /// `<name>.service.consul`.
    public var hostname: String
    /// One per port number, the first registered protocol kept.
    public var ports: [MeshPort]
    /// In registration order (Consul's CreateIndex).
    public var instances: [MeshInstance]
    /// The lowest CreateIndex of its instances: services are processed in this order, which is
    /// what makes "the first registered service wins a TCP port".
    public var registrationIndex: Int

    public init(hostname: String, ports: [MeshPort], instances: [MeshInstance], registrationIndex: Int) {
        self.hostname = hostname
        self.ports = ports
        self.instances = instances
        self.registrationIndex = registrationIndex
    }

    public func port(_ number: Int) -> MeshPort? { ports.first { $0.port == number } }

    /// `reviews` for `reviews.service.consul`.
    public var shortName: String { String(hostname.prefix { $0 != "." }) }
}

/// Pilot's `model.Port`: the name is the protocol text as registered ("http", or "tcp" when
/// absent) and appears in inbound cluster names (`inbound|9080|http|...`).
public struct MeshPort: Sendable, Equatable, Codable {
    public var name: String
    public var port: Int
    public var serviceProtocol: ServiceProtocol

    public init(name: String, port: Int, serviceProtocol: ServiceProtocol) {
        self.name = name
        self.port = port
        self.serviceProtocol = serviceProtocol
    }
}

/// Pilot's `model.ServiceInstance`: one registered endpoint with its labels.
public struct MeshInstance: Sendable, Equatable, Codable {
    public var serviceID: String
    public var address: String
    /// The instance's own port with the protocol its own metadata says.
    public var servicePort: MeshPort
    public var labels: [String: String]
    public var createIndex: Int

    public init(serviceID: String, address: String, servicePort: MeshPort, labels: [String: String], createIndex: Int) {
        self.serviceID = serviceID
        self.address = address
        self.servicePort = servicePort
        self.labels = labels
        self.createIndex = createIndex
    }

    /// Subset selection: every subset label present with the same value.
    public func matches(_ selector: [String: String]?) -> Bool {
        (selector ?? [:]).allSatisfy { labels[$0.key] == $0.value }
    }
}
