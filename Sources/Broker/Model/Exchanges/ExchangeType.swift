/// The exchange types a RabbitMQ 3.10 node has without plugins.
public enum ExchangeType: String, Sendable, CaseIterable {
    case direct
    case fanout
    case topic
    case headers

    /// rabbit_exchange:check_type: a type name the node does not know is a connection error
    /// (503 COMMAND_INVALID). RabbitMQ says "invalid" for names that are Erlang atoms it
    /// knows but no exchange type, "unknown" otherwise; we can only tell for `""`.
    public static func parse(_ name: String) throws(BrokerError) -> ExchangeType {
        if let type = ExchangeType(rawValue: name) { return type }
        if name.isEmpty { throw BrokerError(code: .commandInvalid, text: "invalid exchange type ''") }
        throw BrokerError(code: .commandInvalid, text: "unknown exchange type '\(name)'")
    }
}
