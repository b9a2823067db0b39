/// Body of Consul's `PUT /v1/agent/service/register` (the fields registrator sends).
public struct ConsulServiceRegistration: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String
    public var tags: [String]?
    public var address: String?
    public var port: Int?
    public var meta: [String: String]?

    public init(id: String? = nil, name: String, tags: [String]? = nil, address: String? = nil, port: Int? = nil, meta: [String: String]? = nil) {
        self.id = id
        self.name = name
        self.tags = tags
        self.address = address
        self.port = port
        self.meta = meta
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case name = "Name"
        case tags = "Tags"
        case address = "Address"
        case port = "Port"
        case meta = "Meta"
    }
}

/// One element of Consul's `GET /v1/catalog/service/:name`: a service instance on a node.
public struct ConsulCatalogService: Codable, Sendable, Equatable {
    public var id: String
    public var node: String
    /// The node's address; an instance without `ServiceAddress` is reached there.
    public var address: String
    public var datacenter: String
    public var serviceID: String
    public var serviceName: String
    public var serviceTags: [String]
    public var serviceAddress: String
    public var serviceMeta: [String: String]
    public var servicePort: Int
    public var createIndex: Int
    public var modifyIndex: Int

    public init(
        id: String, node: String, address: String, datacenter: String, serviceID: String, serviceName: String,
        serviceTags: [String], serviceAddress: String, serviceMeta: [String: String], servicePort: Int, createIndex: Int,
        modifyIndex: Int
    ) {
        self.id = id
        self.node = node
        self.address = address
        self.datacenter = datacenter
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.serviceTags = serviceTags
        self.serviceAddress = serviceAddress
        self.serviceMeta = serviceMeta
        self.servicePort = servicePort
        self.createIndex = createIndex
        self.modifyIndex = modifyIndex
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case node = "Node"
        case address = "Address"
        case datacenter = "Datacenter"
        case serviceID = "ServiceID"
        case serviceName = "ServiceName"
        case serviceTags = "ServiceTags"
        case serviceAddress = "ServiceAddress"
        case serviceMeta = "ServiceMeta"
        case servicePort = "ServicePort"
        case createIndex = "CreateIndex"
        case modifyIndex = "ModifyIndex"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        node = try container.decode(String.self, forKey: .node)
        address = try container.decode(String.self, forKey: .address)
        datacenter = try container.decodeIfPresent(String.self, forKey: .datacenter) ?? ""
        serviceID = try container.decode(String.self, forKey: .serviceID)
        serviceName = try container.decode(String.self, forKey: .serviceName)
        serviceTags = try container.decodeIfPresent([String].self, forKey: .serviceTags) ?? []
        serviceAddress = try container.decodeIfPresent(String.self, forKey: .serviceAddress) ?? ""
        // Consul prints `null` for an instance registered without Meta.
        serviceMeta = try container.decodeIfPresent([String: String].self, forKey: .serviceMeta) ?? [:]
        servicePort = try container.decode(Int.self, forKey: .servicePort)
        createIndex = try container.decodeIfPresent(Int.self, forKey: .createIndex) ?? 0
        modifyIndex = try container.decodeIfPresent(Int.self, forKey: .modifyIndex) ?? 0
    }
}

/// A catalog read with the `X-Consul-Index` it was answered at, for the next blocking query.
public struct ConsulIndexed<Value: Sendable>: Sendable {
    public var index: Int
    public var value: Value

    public init(index: Int, value: Value) {
        self.index = index
        self.value = value
    }
}
