import Broker
import Hummingbird
import Logging
import NIOCore

/// Serves the API: finds the route (404 for an unknown path), the method (405), checks the
/// credentials (401), then runs the handler and turns its errors into RabbitMQ's JSON errors —
/// cowboy_rest's order.
public struct ManagementResponder: HTTPResponder {
    public typealias Context = ManagementRequestContext

    let api: ManagementAPI
    let routes: [Route]
    /// Bodies larger than this are refused (RabbitMQ's default http max body is 20 MB).
    static let maxBodySize = 20 * 1024 * 1024

    init(api: ManagementAPI) {
        self.api = api
        routes = ManagementAPI.routes
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await handle(request, context: context)
        } catch let error as ManagementError {
            return JSONResponse.error(error)
        } catch let error as BrokerError {
            return JSONResponse.error(.fromDirectRequest(error))
        } catch {
            context.logger.error("management request failed: \(error)")
            return JSONResponse.error(ManagementError(status: .internalServerError, error: "internal_server_error", reason: .string("\(error)")))
        }
    }

    private func handle(_ request: Request, context: Context) async throws -> Response {
        guard let path = Self.split(request.uri.path) else { throw ManagementError.objectNotFound }
        guard let (route, parameters) = routes.lazy.compactMap({ route in route.match(path).map { (route, $0) } }).first else {
            throw ManagementError.objectNotFound
        }
        let method = request.method == .head ? .get : request.method
        guard let entry = route.methods.first(where: { $0.method == method }) else {
            throw ManagementError.methodNotAllowed(allow: route.methods.map(\.method))
        }
        let user = try BasicAuthentication.authenticate(request, remote: context.remoteAddress, access: api.access)
        try api.authorize(user, entry.requirement, vhost: parameters["vhost"])
        var request = request
        let body = try await request.collectBody(upTo: Self.maxBodySize)
        let managementRequest = ManagementRequest(
            method: method, parameters: parameters, query: PercentEncoding.queryItems(request.uri.query), body: body, user: user)
        return try await entry.handler(api, managementRequest)
    }

    /// `/api/queues/%2F/q` → `["api", "queues", "/", "q"]`; nil when an escape is malformed.
    static func split(_ path: String) -> [String]? {
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentEncoding.decode(part) else { return nil }
            parts.append(decoded)
        }
        return parts
    }
}
