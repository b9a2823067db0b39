
/// What an app needs from the registry: registrator's two calls — `ConsulClient` in the apps,
/// a recording server in tests.
public protocol ServiceRegistrar: Sendable {
    /// `PUT /v1/agent/service/register` with the registration as its JSON body.
    func register(_ registration: ConsulServiceRegistration) async throws
    /// `PUT /v1/agent/service/deregister/<id>`.
    func deregister(serviceID: String) async throws
}

extension ConsulClient: ServiceRegistrar {}
