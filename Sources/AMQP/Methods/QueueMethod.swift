/// Class `queue` (50).
public enum QueueMethod: Hashable, Sendable {
    case declare(Declare)  // 10
    case declareOk(DeclareOk)  // 11
    case bind(Bind)  // 20
    case bindOk  // 21
    case purge(Purge)  // 30
    case purgeOk(messageCount: UInt32)  // 31
    case delete(Delete)  // 40
    case deleteOk(messageCount: UInt32)  // 41
    case unbind(Unbind)  // 50
    case unbindOk  // 51

    public static let classID: UInt16 = 50

    public var methodID: UInt16 {
        switch self {
        case .declare: 10
        case .declareOk: 11
        case .bind: 20
        case .bindOk: 21
        case .purge: 30
        case .purgeOk: 31
        case .delete: 40
        case .deleteOk: 41
        case .unbind: 50
        case .unbindOk: 51
        }
    }

    public struct Declare: Hashable, Sendable {
        public var ticket: UInt16
        /// "" asks the server to name the queue (`amq.gen-…`).
        public var queue: String
        public var passive: Bool
        public var durable: Bool
        public var exclusive: Bool
        public var autoDelete: Bool
        public var noWait: Bool
        public var arguments: FieldTable

        public init(
            ticket: UInt16 = 0, queue: String = "", passive: Bool = false, durable: Bool = false,
            exclusive: Bool = false, autoDelete: Bool = false, noWait: Bool = false, arguments: FieldTable = [:]
        ) {
            self.ticket = ticket
            self.queue = queue
            self.passive = passive
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct DeclareOk: Hashable, Sendable {
        public var queue: String
        public var messageCount: UInt32
        public var consumerCount: UInt32

        public init(queue: String, messageCount: UInt32 = 0, consumerCount: UInt32 = 0) {
            self.queue = queue
            self.messageCount = messageCount
            self.consumerCount = consumerCount
        }
    }

    public struct Bind: Hashable, Sendable {
        public var ticket: UInt16
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public var noWait: Bool
        public var arguments: FieldTable

        public init(
            ticket: UInt16 = 0, queue: String, exchange: String, routingKey: String = "", noWait: Bool = false,
            arguments: FieldTable = [:]
        ) {
            self.ticket = ticket
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct Purge: Hashable, Sendable {
        public var ticket: UInt16
        public var queue: String
        public var noWait: Bool

        public init(ticket: UInt16 = 0, queue: String, noWait: Bool = false) {
            self.ticket = ticket
            self.queue = queue
            self.noWait = noWait
        }
    }

    public struct Delete: Hashable, Sendable {
        public var ticket: UInt16
        public var queue: String
        public var ifUnused: Bool
        public var ifEmpty: Bool
        public var noWait: Bool

        public init(ticket: UInt16 = 0, queue: String, ifUnused: Bool = false, ifEmpty: Bool = false, noWait: Bool = false) {
            self.ticket = ticket
            self.queue = queue
            self.ifUnused = ifUnused
            self.ifEmpty = ifEmpty
            self.noWait = noWait
        }
    }

    /// queue.unbind has no no-wait bit, unlike queue.bind.
    public struct Unbind: Hashable, Sendable {
        public var ticket: UInt16
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public var arguments: FieldTable

        public init(ticket: UInt16 = 0, queue: String, exchange: String, routingKey: String = "", arguments: FieldTable = [:]) {
            self.ticket = ticket
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }
}
