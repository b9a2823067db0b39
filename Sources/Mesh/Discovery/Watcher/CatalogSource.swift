/// The two catalog reads discovery needs from a Consul-compatible registry, with blocking
/// queries. The signatures are those of the team's `ConsulClient`, so that client can be
/// plugged in with an empty conformance once it exists.
public protocol CatalogSource: Sendable {
    /// `GET /v1/catalog/services`: service name to tags, at the answer's `X-Consul-Index`.
    func services(index: Int?, wait: Duration?) async throws -> ConsulIndexed<[String: [String]]>
    /// `GET /v1/catalog/service/:name`: the instances of one service.
    func service(_ name: String, index: Int?, wait: Duration?) async throws -> ConsulIndexed<[ConsulCatalogService]>
}
