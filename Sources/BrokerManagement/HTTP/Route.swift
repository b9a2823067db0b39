import Broker
import Hummingbird
import NIOCore

/// Who may call an endpoint, beyond holding a management tag (rabbit_mgmt_util's
/// is_authorized_* family).
enum Requirement: Sendable {
    /// Any management user (is_authorized).
    case management
    /// The `administrator` tag (is_authorized_admin).
    case administrator
    /// Administrators, or users with a permission entry in the path's vhost
    /// (is_authorized_vhost). A vhost that does not exist passes, so the handler says 404.
    case vhost
}

/// One request as a handler sees it: path parameters decoded (`%2F` is `/`), the query, the
/// body still raw (read with `json()`, so a bad body is reported only where one is read), and
/// the authenticated user.
struct ManagementRequest: Sendable {
    var method: HTTPRequest.Method
    var parameters: [String: String]
    var query: [String: String]
    var body: ByteBuffer
    var user: User

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The body as a JSON object (rabbit_mgmt_util:decode).
    func json() throws(ManagementError) -> JSONBody { try JSONBody(parsing: body) }

    /// A `true`/`false` query flag (`?if-unused=true`).
    func flag(_ name: String) -> Bool { query[name] == "true" }
}

typealias Handler = @Sendable (ManagementAPI, ManagementRequest) async throws -> Response

/// A path of the API with the methods it takes. Patterns are literal segments and
/// `{name}` parameters, matched against the raw path segment by segment, so an escaped `/`
/// inside a name never splits it.
struct Route: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    var methods: [(method: HTTPRequest.Method, requirement: Requirement, handler: Handler)]

    init(_ pattern: String, _ methods: [(HTTPRequest.Method, Requirement, Handler)]) {
        segments = pattern.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        self.methods = methods.map { (method: $0.0, requirement: $0.1, handler: $0.2) }
    }

    /// The decoded parameters when `path` (already split and decoded) matches.
    func match(_ path: [String]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, path) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name): parameters[name] = part
            }
        }
        return parameters
    }
}
