/// The JSON Consul answers with, beyond the fields the shared models decode: a catalog row
/// carries the node's tagged addresses, weights and empty Connect fields, an agent service its
/// weights. Written from a catalog instance so the row is what a real agent would print.
struct ConsulCatalogRowJSON: Encodable {
    var row: ConsulCatalogService
    /// Consul prints `"ServiceMeta": null` for an instance registered without Meta.
    var metaGiven: Bool

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        func put<T: Encodable>(_ key: String, _ value: T) throws { try container.encode(value, forKey: AnyCodingKey(key)) }
        try put("ID", row.id)
        try put("Node", row.node)
        try put("Address", row.address)
        try put("Datacenter", row.datacenter)
        try put("TaggedAddresses", ["lan": row.address, "wan": row.address])
        try put("NodeMeta", ["consul-network-segment": ""])
        try put("ServiceKind", "")
        try put("ServiceID", row.serviceID)
        try put("ServiceName", row.serviceName)
        try put("ServiceTags", row.serviceTags)
        try put("ServiceAddress", row.serviceAddress)
        try put("ServiceWeights", ["Passing": 1, "Warning": 1])
        if metaGiven { try put("ServiceMeta", row.serviceMeta) } else { try container.encodeNil(forKey: AnyCodingKey("ServiceMeta")) }
        try put("ServicePort", row.servicePort)
        try put("ServiceEnableTagOverride", false)
        try put("ServiceProxyDestination", "")
        try put("ServiceProxy", [String: String]())
        try put("ServiceConnect", [String: String]())
        try put("CreateIndex", row.createIndex)
        try put("ModifyIndex", row.modifyIndex)
    }
}

/// One value of `GET /v1/agent/services` (Consul's api.AgentService).
struct ConsulAgentServiceJSON: Encodable {
    var instance: ConsulCatalog.Instance

    func encode(to encoder: any Encoder) throws {
        let registration = instance.registration
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        func put<T: Encodable>(_ key: String, _ value: T) throws { try container.encode(value, forKey: AnyCodingKey(key)) }
        try put("Kind", "")
        try put("ID", instance.id)
        try put("Service", registration.name)
        try put("Tags", registration.tags ?? [])
        try put("Meta", registration.meta ?? [:])
        try put("Port", registration.port ?? 0)
        try put("Address", registration.address ?? "")
        try put("Weights", ["Passing": 1, "Warning": 1])
        try put("EnableTagOverride", false)
    }
}
