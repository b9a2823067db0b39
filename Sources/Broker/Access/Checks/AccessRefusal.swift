/// The refusals of access control, worded as RabbitMQ 3.10 words them (rabbit_access_control,
/// rabbit_channel, rabbit_reader). Each is a `BrokerError`: the channel or connection turns it
/// into channel.close or connection.close.
public enum AccessRefusal {
    /// connection.open to a vhost the user has no permission entry in, or a vhost that is gone
    /// by the time the access check runs: 530, closes the connection.
    public static func vhost(_ vhost: String, user: String) -> BrokerError {
        BrokerError(code: .notAllowed, text: "access to vhost '\(vhost)' refused for user '\(user)'")
    }

    /// connection.open to a vhost that does not exist. 3.10 finds out in the vhost connection
    /// limit check (rabbit_reader:is_over_vhost_connection_limit), which runs before the access
    /// check and words it so: no quotes around the name.
    public static func vhostNotFound(_ vhost: String) -> BrokerError {
        BrokerError(code: .notAllowed, text: "vhost \(vhost) not found")
    }

    /// A configure, write or read check that failed: 403, closes the channel. 3.10 writes no
    /// permission word (`access to queue 'q' in vhost '/' refused for user 'u'`).
    public static func resource(_ kind: AccessResourceKind, _ name: String, vhost: String, user: String) -> BrokerError {
        BrokerError(code: .accessRefused, text: "access to \(kind.describe(name, vhost: vhost)) refused for user '\(user)'")
    }

    /// A topic permission that refused a routing key (publish) or binding key (bind): 403.
    public static func topic(_ routingKey: String, exchange: String, vhost: String, user: String) -> BrokerError {
        BrokerError(
            code: .accessRefused,
            text: "access to topic '\(routingKey)' in exchange '\(exchange)' in vhost '\(vhost)' refused for user '\(user)'")
    }

    /// exchange.declare (active or passive), exchange.delete, or a bind naming `""`.
    public static let defaultExchange = BrokerError(
        code: .accessRefused, text: "operation not permitted on the default exchange")

    /// Creating an exchange or declaring a queue by a name starting with `amq.`.
    public static func reservedName(_ kind: AccessResourceKind, _ name: String) -> BrokerError {
        BrokerError(code: .accessRefused, text: "\(kind.rawValue) name '\(name)' contains reserved prefix 'amq.*'")
    }

    /// exchange.delete of any `amq.*` exchange, existing or not.
    public static func systemExchangeDeletion(_ name: String, vhost: String) -> BrokerError {
        BrokerError(code: .accessRefused, text: "deletion of system \(AccessResourceKind.exchange.describe(name, vhost: vhost)) not allowed")
    }

    /// basic.publish to an internal exchange.
    public static func internalExchange(_ name: String, vhost: String) -> BrokerError {
        BrokerError(code: .accessRefused, text: "cannot publish to internal \(AccessResourceKind.exchange.describe(name, vhost: vhost))")
    }

    /// basic.publish with a `user_id` property naming someone else, by a user without the
    /// `impersonator` tag: 406.
    public static func userIDMismatch(claimed: String, actual: String) -> BrokerError {
        BrokerError(
            code: .preconditionFailed,
            text: "user_id property set to '\(claimed)' but authenticated user was '\(actual)'")
    }
}
