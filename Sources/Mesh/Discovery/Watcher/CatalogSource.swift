/// The two catalog reads discovery needs from a Consul-compatible registry, with blocking
/// queries: `ConsulClient` in the control plane, in-test sources in the watcher's tests.
public protocol CatalogSource: Sendable {
    /// `GET /v1/catalog/services`: service name to tags, at the answer's `X-Consul-Index`.
    func services(index: Int?, wait: Duration?) async throws -> ConsulIndexed<[String: [String]]>
    /// `GET /v1/catalog/service/:name`: the instances of one service.
    func service(_ name: String, index: Int?, wait: Duration?) async throws -> ConsulIndexed<[ConsulCatalogService]>
}

extension ConsulClient: CatalogSource {}
