import Hummingbird

/// A refusal as Consul's HTTP API words it: a status and a plain-text body.
public struct ConsulHTTPError: Error, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String

    public var description: String { "\(status.code) \(message)" }

    public static func badRequest(_ message: String) -> ConsulHTTPError {
        ConsulHTTPError(status: .badRequest, message: message)
    }
}
