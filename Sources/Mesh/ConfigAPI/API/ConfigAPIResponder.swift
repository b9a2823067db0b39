import Foundation
import Hummingbird
import NIOCore

/// The HTTP face of the config API: the apiserver's URL layout (discovery, then
/// /apis/networking.istio.io/v1alpha3[/namespaces/NS]/PLURAL[/NAME]), query options, and
/// errors as `Status` bodies.
struct ConfigAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let api: ConfigAPI
    /// The apiserver's default request body limit.
    static let maxBodySize = 3 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await handle(request, context: context)
        } catch let error as APIError {
            return Self.response(ConfigAPI.Answer(code: error.code, body: error.status))
        } catch {
            context.logger.error("config API request failed: \(error)")
            let failure = APIError.internalError("\(error)")
            return Self.response(ConfigAPI.Answer(code: failure.code, body: failure.status))
        }
    }

    private func handle(_ request: Request, context: Context) async throws -> Response {
        let path = request.uri.path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        let query = request.uri.queryParameters
        let method = request.method == .head ? .get : request.method
        let asTable = (request.headers[.accept] ?? "").contains("as=Table")

        func only(_ allowed: HTTPRequest.Method, _ answer: () throws -> ConfigAPI.Answer) throws -> Response {
            guard method == allowed else { throw APIError.methodNotAllowed }
            return Self.response(try answer())
        }

        switch path.count {
        case 1 where path[0] == "version": return try only(.get) { .init(code: 200, body: DiscoveryDocuments.version) }
        case 1 where path[0] == "api": return try only(.get) { .init(code: 200, body: DiscoveryDocuments.coreVersions) }
        case 2 where path == ["api", "v1"]: return try only(.get) { .init(code: 200, body: DiscoveryDocuments.coreResources) }
        case 1 where path[0] == "apis": return try only(.get) { .init(code: 200, body: DiscoveryDocuments.groups) }
        case 2 where path == ["apis", IstioResourceKind.group]: return try only(.get) { .init(code: 200, body: DiscoveryDocuments.group) }
        case 3 where path == ["apis", IstioResourceKind.group, IstioResourceKind.version]:
            return try only(.get) { .init(code: 200, body: DiscoveryDocuments.resources) }
        case 2 where path == ["openapi", "v3"]: return try only(.get) { .init(code: 200, body: OpenAPIDocuments.root) }
        case 5 where path == ["openapi", "v3", "apis", IstioResourceKind.group, IstioResourceKind.version]:
            return try only(.get) { .init(code: 200, body: OpenAPIDocuments.groupVersion) }
        default: break
        }

        guard path.count >= 4, path[0] == "apis", path[1] == IstioResourceKind.group, path[2] == IstioResourceKind.version else {
            throw APIError.pathNotFound
        }
        let resource = Array(path.dropFirst(3))
        let selector = try ListSelector(
            fieldSelector: query["fieldSelector"].map(String.init), labelSelector: query["labelSelector"].map(String.init))
        if query["watch"].map({ $0 == "true" || $0 == "1" }) == true {
            throw APIError(code: 405, reason: "MethodNotAllowed", message: "watch is not supported by this server")
        }
        var options = ConfigAPI.WriteOptions()
        if let value = query["fieldValidation"] {
            guard let validation = FieldValidation(rawValue: String(value)) else {
                throw APIError.badRequest("fieldValidation must be one of \"Ignore\", \"Warn\" or \"Strict\", not \"\(value)\"")
            }
            options.fieldValidation = validation
        }
        options.dryRun = query["dryRun"] == "All"

        switch resource.count {
        case 1:
            // The cluster-wide list: every namespace.
            guard let kind = IstioResourceKind(plural: resource[0]) else { throw APIError.pathNotFound }
            return try only(.get) { api.list(kind, namespace: nil, selector: selector, asTable: asTable) }
        case 3 where resource[0] == "namespaces":
            guard let kind = IstioResourceKind(plural: resource[2]) else { throw APIError.pathNotFound }
            let namespace = resource[1]
            switch method {
            case .get: return Self.response(api.list(kind, namespace: namespace, selector: selector, asTable: asTable))
            case .post:
                let body = try ConfigAPI.parse(try await Self.body(of: request))
                return Self.response(try api.create(kind, namespace: namespace, body: body, options: options))
            default: throw APIError.methodNotAllowed
            }
        case 4 where resource[0] == "namespaces":
            guard let kind = IstioResourceKind(plural: resource[2]) else { throw APIError.pathNotFound }
            let key = ObjectKey(kind: kind, namespace: resource[1], name: resource[3])
            switch method {
            case .get: return Self.response(try api.get(key, asTable: asTable))
            case .put:
                let body = try ConfigAPI.parse(try await Self.body(of: request))
                return Self.response(try api.replace(key, body: body, options: options))
            case .patch:
                let body = try await Self.body(of: request)
                return Self.response(try api.patch(key, contentType: request.headers[.contentType] ?? "", body: body, options: options))
            case .delete:
                return Self.response(try api.delete(key, dryRun: options.dryRun))
            default: throw APIError.methodNotAllowed
            }
        default:
            throw APIError.pathNotFound
        }
    }

    private static func body(of request: Request) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxBodySize)
            return Data(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(code: 413, reason: "RequestEntityTooLarge", message: "the request body is larger than \(maxBodySize) bytes")
        }
    }

    static func response(_ answer: ConfigAPI.Answer) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if !answer.warnings.isEmpty {
            // One header, comma-separated warn-values, as RFC 7234 allows and kubectl parses.
            headers[.init("Warning")!] = answer.warnings.map { "299 - \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ", ")
        }
        return Response(
            status: HTTPResponse.Status(code: answer.code), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONCoding.encode(answer.body))))
    }
}

