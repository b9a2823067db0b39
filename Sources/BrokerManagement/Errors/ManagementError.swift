import AMQP
import Broker
import Hummingbird

/// An error answered the way RabbitMQ's management plugin answers it (rabbit_mgmt_util's
/// halt_response): a status and a JSON body `{"error": type, "reason": reason}`. The reason is
/// usually text, sometimes a list (`["not_boolean","yes"]`), as RabbitMQ formats Erlang terms.
public struct ManagementError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var error: String
    public var reason: JSONValue
    /// Extra response headers (`www-authenticate`, `allow`).
    public var headers: HTTPFields = [:]
    /// 405 answers without a body.
    public var hasBody = true

    public init(status: HTTPResponse.Status, error: String, reason: JSONValue) {
        self.status = status
        self.error = error
        self.reason = reason
    }

    /// 400 `bad_request`.
    public static func badRequest(_ reason: String) -> ManagementError {
        ManagementError(status: .badRequest, error: "bad_request", reason: .string(reason))
    }

    public static func badRequest(_ reason: JSONValue) -> ManagementError {
        ManagementError(status: .badRequest, error: "bad_request", reason: reason)
    }

    /// What cowboy answers for a path no route knows, or a resource that does not exist.
    public static let objectNotFound = ManagementError(status: .notFound, error: "Object Not Found", reason: .string("Not Found"))

    /// 404 `not_found` with a reason (a refusal from the broker, `vhost_not_found`).
    public static func notFound(_ reason: String) -> ManagementError {
        ManagementError(status: .notFound, error: "not_found", reason: .string(reason))
    }

    /// A failed login: 401 `not_authorized` with the realm challenge.
    public static let loginFailed: ManagementError = {
        var error = ManagementError(status: .unauthorized, error: "not_authorized", reason: .string("Login failed"))
        error.headers[.wwwAuthenticate] = "Basic realm=\"RabbitMQ Management\""
        return error
    }()

    /// A logged-in user refused: 401 `not_authorised` (British spelling, as RabbitMQ).
    public static func notAuthorised(_ reason: String) -> ManagementError {
        ManagementError(status: .unauthorized, error: "not_authorised", reason: .string(reason))
    }

    /// 405 with the methods the path takes.
    public static func methodNotAllowed(allow: [HTTPRequest.Method]) -> ManagementError {
        var error = ManagementError(status: .methodNotAllowed, error: "", reason: .null)
        let names = (["HEAD"] + allow.map(\.rawValue) + ["OPTIONS"]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        error.headers[.allow] = names.joined(separator: ", ")
        error.hasBody = false
        return error
    }

    /// A refusal from the broker, as `direct_request` maps the channel's errors for
    /// declare, delete and bind: 404 with the text, 401 `Access refused.` for 403 and 530,
    /// 400 with the text otherwise.
    public static func fromDirectRequest(_ error: BrokerError) -> ManagementError {
        switch error.code {
        case .notFound: .notFound(error.text)
        case .accessRefused, .notAllowed: .notAuthorised("Access refused.")
        default: .badRequest(error.text)
        }
    }

    /// A refusal on a channel the API opened (`with_channel`, basic.get): 404 and 401 with the
    /// reply text, 400 `"406 PRECONDITION_FAILED - …"` otherwise.
    public static func fromChannel(_ error: BrokerError) -> ManagementError {
        switch error.code {
        case .notFound: .notFound(error.replyText)
        case .accessRefused: .notAuthorised(error.replyText)
        default: .badRequest("\(error.code.rawValue) \(error.replyText)")
        }
    }

    /// What a channel-closing refusal on publish becomes: 400 `"404 NOT_FOUND - …"` whatever
    /// the code (the oracle answers a publish to a missing exchange so).
    public static func fromPublish(_ error: BrokerError) -> ManagementError {
        .badRequest("\(error.code.rawValue) \(error.replyText)")
    }

    /// Erlang's `~p` of a list of `{key_missing, K}` tuples, as with_decode reports them.
    public static func keysMissing(_ keys: [String]) -> ManagementError {
        .badRequest("[" + keys.map { "{key_missing,\($0)}" }.joined(separator: ",") + "]")
    }
}
