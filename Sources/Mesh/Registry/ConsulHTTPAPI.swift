import Foundation
import HTTPTypes
import Hummingbird

/// The Consul HTTP API subset the mesh uses (registrator's and Pilot's calls), over a
/// `ConsulRegistry`: agent service register/deregister/list, catalog services and
/// service/<name> with blocking queries, and status/leader.
public struct ConsulHTTPAPI: Sendable {
    public let registry: ConsulRegistry
    /// Largest register body accepted (Consul has no explicit limit; ours keeps memory bounded).
    static let maximumBodyBytes = 1 << 20

    public init(registry: ConsulRegistry) {
        self.registry = registry
    }

    /// The routes, for Hummingbird's `Application` (or its test client).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.put("v1/agent/service/register") { request, _ in await self.register(request) }
        router.put("v1/agent/service/deregister/:id") { _, context in self.deregister(context.parameters.get("id") ?? "") }
        router.get("v1/agent/services") { request, _ in self.agentServices(request) }
        router.get("v1/catalog/services") { request, _ in await self.catalogServices(request) }
        router.get("v1/catalog/service/:name") { request, context in await self.catalogService(request, name: context.parameters.get("name") ?? "") }
        router.get("v1/status/leader") { request, _ in Self.json("127.0.0.1:8300", request: request) }
        return router
    }

    // MARK: Agent

    private func register(_ request: Request) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodyBytes)
        } catch {
            return Self.text(.contentTooLarge, "Request body larger than \(Self.maximumBodyBytes) bytes")
        }
        switch ConsulRegistrationBody.decode(Data(body.readableBytesView)) {
        case .failure(let error):
            return Self.text(error.status, error.message)
        case .success(let registration):
            do {
                try registry.register(registration)
                return Response(status: .ok)
            } catch {
                return Self.text(.badRequest, error.description)
            }
        }
    }

    private func deregister(_ rawID: String) -> Response {
        registry.deregister(serviceID: rawID.removingPercentEncoding ?? rawID)
        return Response(status: .ok)
    }

    private func agentServices(_ request: Request) -> Response {
        let instances = registry.read(\.instances)
        let byID = Dictionary(instances.map { ($0.id, ConsulAgentServiceJSON(instance: $0)) }, uniquingKeysWith: { first, _ in first })
        return Self.json(byID, request: request)
    }

    // MARK: Catalog

    private func catalogServices(_ request: Request) async -> Response {
        await blockingRead(request) { $0.services() }
    }

    private func catalogService(_ request: Request, name rawName: String) async -> Response {
        let name = rawName.removingPercentEncoding ?? rawName
        let tags = request.uri.queryParameters[values: "tag"].map(String.init)
        return await blockingRead(request) { catalog in
            catalog.service(name, tags: tags).map { instance in
                ConsulCatalogRowJSON(row: catalog.catalogService(instance), metaGiven: instance.registration.meta != nil)
            }
        }
    }

    /// A catalog read honouring `?index=&wait=`, answered with `X-Consul-Index`.
    private func blockingRead<T: Encodable>(_ request: Request, _ read: @Sendable (ConsulCatalog) -> T) async -> Response {
        let parameters = request.uri.queryParameters
        let query: ConsulBlockingQuery
        do {
            query = try ConsulBlockingQuery.parse(index: parameters["index"].map(String.init), wait: parameters["wait"].map(String.init))
        } catch {
            return Self.text(error.status, error.message)
        }
        if let index = query.index {
            await registry.waitForChange(after: index, timeout: query.wait)
        }
        let (index, value) = registry.read { ($0.index, read($0)) }
        var response = Self.json(value, request: request)
        response.headers[HTTPField.Name("X-Consul-Index")!] = String(index)
        response.headers[HTTPField.Name("X-Consul-KnownLeader")!] = "true"
        response.headers[HTTPField.Name("X-Consul-LastContact")!] = "0"
        return response
    }

    // MARK: Answers

    /// JSON as Consul writes it; `?pretty` indents.
    static func json<T: Encodable>(_ value: T, request: Request) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if request.uri.queryParameters.has("pretty") { encoder.outputFormatting.insert(.prettyPrinted) }
        do {
            var data = try encoder.encode(value)
            if request.uri.queryParameters.has("pretty") { data.append(0x0A) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return text(.internalServerError, "encoding the answer failed: \(error)")
        }
    }

    /// A plain-text answer, which is how Consul words its refusals.
    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}
