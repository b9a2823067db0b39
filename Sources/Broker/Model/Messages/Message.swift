import AMQP
import NIOCore

/// A published message as queues hold it: where it was published, every routing key it
/// travels under, its properties and body. Immutable once routed; dead-lettering makes a new
/// one. Queues keep their own per-copy state (expiry, redelivered) in `QueuedMessage`.
public struct Message: Sendable {
    /// The exchange it was published to (`""` for the default exchange).
    public var exchange: String
    /// The publish routing key first, then the `CC` and `BCC` header keys (rabbit_basic:
    /// header_routes). Delivered frames carry the first one.
    public var routingKeys: [String]
    public var properties: BasicProperties
    public var body: ByteBuffer
    /// delivery-mode 2; a persistent message in a durable queue goes to the journal.
    public var isPersistent: Bool

    public var routingKey: String { routingKeys.first ?? "" }
    public var bodySize: Int { body.readableBytes }

    /// A message whose routing keys and persistence are given as they are, for messages the
    /// broker makes itself (recovery, dead-lettering).
    public init(exchange: String, routingKeys: [String], properties: BasicProperties, body: ByteBuffer, isPersistent: Bool) {
        self.exchange = exchange
        self.routingKeys = routingKeys
        self.properties = properties
        self.body = body
        self.isPersistent = isPersistent
    }

    /// A message as basic.publish makes it (rabbit_basic:message): `CC` and `BCC` header
    /// arrays add routing keys, `BCC` is stripped from what consumers see, and a
    /// delivery-mode other than 1 or 2 is refused.
    /// Throws 406 `invalid message: …` with RabbitMQ's reasons.
    public init(publishedTo exchange: String, routingKey: String, properties: BasicProperties, body: ByteBuffer) throws(BrokerError) {
        var properties = properties
        var keys = [routingKey]
        if let headers = properties.headers {
            for header in ["CC", "BCC"] {
                switch headers[header] {
                case nil:
                    break
                case .array(let items)?:
                    for case .longString(let bytes) in items { keys.append(String(decoding: bytes, as: UTF8.self)) }
                case let other?:
                    throw .preconditionFailed(
                        "invalid message: {unacceptable_type_in_header,\"\(header)\",\(ErlangTerm.typeName(other))}")
                }
            }
            if headers["BCC"] != nil {
                var stripped = headers
                stripped["BCC"] = nil
                properties.headers = stripped
            }
        }
        let persistent: Bool
        switch properties.deliveryMode {
        case nil, 1?: persistent = false
        case 2?: persistent = true
        case let other?: throw .preconditionFailed("invalid message: {delivery_mode_unknown,\(other)}")
        }
        self.init(exchange: exchange, routingKeys: keys, properties: properties, body: body, isPersistent: persistent)
    }

    /// The per-message TTL in milliseconds from the `expiration` property, nil when absent.
    /// Throws 406 `invalid expiration '…': …` as rabbit_channel:check_expiration_header does
    /// (the channel checks this before routing).
    public static func parseExpiration(_ expiration: String?) throws(BrokerError) -> Int64? {
        guard let expiration else { return nil }
        switch parseErlangInteger(expiration) {
        case .none:
            throw .preconditionFailed("invalid expiration '\(expiration)': no_integer")
        case .some(let (value, rest)):
            if !rest.isEmpty {
                throw .preconditionFailed(
                    "invalid expiration '\(expiration)': {leftover_string,\(ErlangTerm.printString(rest))}")
            }
            if let error = QueueArguments.expiryError(value) {
                throw .preconditionFailed("invalid expiration '\(expiration)': \(error)")
            }
            return value
        }
    }

    /// string:to_integer/1: an optional sign and leading digits, and what follows them.
    static func parseErlangInteger(_ text: String) -> (Int64, String)? {
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let first = scalars.first, first == "+" || first == "-" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        var value: Int64 = 0
        var digits = 0
        var overflow = false
        while let c = scalars.first, c.value >= 48, c.value <= 57 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(c.value - 48))
            overflow = overflow || o1 || o2
            value = s
            digits += 1
            scalars = scalars.dropFirst()
        }
        guard digits > 0 else { return nil }
        // Erlang integers are unbounded; anything past Int64 is far over the ten-year limit.
        if overflow { value = Int64.max }
        return (negative ? -value : value, String(String.UnicodeScalarView(scalars)))
    }
}
