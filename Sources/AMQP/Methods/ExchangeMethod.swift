/// Class `exchange` (40), with RabbitMQ's exchange-to-exchange bind/unbind (unbind-ok is 51).
public enum ExchangeMethod: Hashable, Sendable {
    case declare(Declare)  // 10
    case declareOk  // 11
    case delete(Delete)  // 20
    case deleteOk  // 21
    case bind(Binding)  // 30
    case bindOk  // 31
    case unbind(Binding)  // 40
    case unbindOk  // 51

    public static let classID: UInt16 = 40

    public var methodID: UInt16 {
        switch self {
        case .declare: 10
        case .declareOk: 11
        case .delete: 20
        case .deleteOk: 21
        case .bind: 30
        case .bindOk: 31
        case .unbind: 40
        case .unbindOk: 51
        }
    }

    public struct Declare: Hashable, Sendable {
        public var ticket: UInt16
        public var exchange: String
        public var type: String
        public var passive: Bool
        public var durable: Bool
        public var autoDelete: Bool
        public var `internal`: Bool
        public var noWait: Bool
        public var arguments: FieldTable

        public init(
            ticket: UInt16 = 0, exchange: String, type: String = "direct", passive: Bool = false, durable: Bool = false,
            autoDelete: Bool = false, internal: Bool = false, noWait: Bool = false, arguments: FieldTable = [:]
        ) {
            self.ticket = ticket
            self.exchange = exchange
            self.type = type
            self.passive = passive
            self.durable = durable
            self.autoDelete = autoDelete
            self.internal = `internal`
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct Delete: Hashable, Sendable {
        public var ticket: UInt16
        public var exchange: String
        public var ifUnused: Bool
        public var noWait: Bool

        public init(ticket: UInt16 = 0, exchange: String, ifUnused: Bool = false, noWait: Bool = false) {
            self.ticket = ticket
            self.exchange = exchange
            self.ifUnused = ifUnused
            self.noWait = noWait
        }
    }

    /// Arguments of exchange.bind and exchange.unbind (same wire layout).
    public struct Binding: Hashable, Sendable {
        public var ticket: UInt16
        public var destination: String
        public var source: String
        public var routingKey: String
        public var noWait: Bool
        public var arguments: FieldTable

        public init(
            ticket: UInt16 = 0, destination: String, source: String, routingKey: String = "", noWait: Bool = false,
            arguments: FieldTable = [:]
        ) {
            self.ticket = ticket
            self.destination = destination
            self.source = source
            self.routingKey = routingKey
            self.noWait = noWait
            self.arguments = arguments
        }
    }
}
