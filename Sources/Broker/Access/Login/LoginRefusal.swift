/// A refused login, as rabbit_reader:auth_fail reports it. The reason goes to the log
/// (`PLAIN login refused: user 'guest' - invalid credentials`); the client learns only that
/// the login was refused, and only if it announced the `authentication_failure_close`
/// capability: then the connection sends `closeError` as connection.close before closing the
/// socket; otherwise it just closes the socket.
public struct LoginRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var mechanism: String
    public var username: String
    /// The backend's reason, e.g. `user 'u' - invalid credentials`.
    public var reason: String

    public init(mechanism: String, username: String, reason: String) {
        self.mechanism = mechanism
        self.username = username
        self.reason = reason
    }

    /// The explanation RabbitMQ logs: `"<MECHANISM> login refused: <reason>"`.
    public var logMessage: String { "\(mechanism) login refused: \(reason)" }

    /// What a client with `authentication_failure_close` receives (403, connection-level).
    public var closeError: BrokerError {
        BrokerError(
            code: .accessRefused,
            text: "Login was refused using authentication mechanism \(mechanism). For details see the broker logfile.")
    }

    public var description: String { logMessage }

    static func invalidCredentials(_ user: String, mechanism: String) -> LoginRefusal {
        LoginRefusal(mechanism: mechanism, username: user, reason: "user '\(user)' - invalid credentials")
    }

    static func blankPassword(_ user: String, mechanism: String) -> LoginRefusal {
        LoginRefusal(
            mechanism: mechanism, username: user,
            reason: "user '\(user)' attempted to log in with a blank password, which is prohibited by the internal authN backend. "
                + "To use TLS/x509 certificate-based authentication, see the rabbitmq_auth_mechanism_ssl plugin and configure "
                + "the client to use the EXTERNAL authentication mechanism. "
                + "Alternatively change the password for the user to be non-blank.")
    }

    static func loopbackOnly(_ user: String, mechanism: String) -> LoginRefusal {
        LoginRefusal(mechanism: mechanism, username: user, reason: "user '\(user)' can only connect via localhost")
    }
}
