/// Class `basic` (60), with RabbitMQ's nack (120).
public enum BasicMethod: Hashable, Sendable {
    case qos(Qos)  // 10
    case qosOk  // 11
    case consume(Consume)  // 20
    case consumeOk(consumerTag: String)  // 21
    case cancel(consumerTag: String, noWait: Bool = false)  // 30
    case cancelOk(consumerTag: String)  // 31
    case publish(Publish)  // 40, content follows
    case `return`(Return)  // 50, content follows
    case deliver(Deliver)  // 60, content follows
    case get(Get)  // 70
    case getOk(GetOk)  // 71, content follows
    case getEmpty(clusterID: String = "")  // 72
    case ack(deliveryTag: UInt64, multiple: Bool = false)  // 80
    case reject(deliveryTag: UInt64, requeue: Bool)  // 90
    case recoverAsync(requeue: Bool)  // 100
    case recover(requeue: Bool)  // 110
    case recoverOk  // 111
    case nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true)  // 120

    public static let classID: UInt16 = 60

    public var methodID: UInt16 {
        switch self {
        case .qos: 10
        case .qosOk: 11
        case .consume: 20
        case .consumeOk: 21
        case .cancel: 30
        case .cancelOk: 31
        case .publish: 40
        case .return: 50
        case .deliver: 60
        case .get: 70
        case .getOk: 71
        case .getEmpty: 72
        case .ack: 80
        case .reject: 90
        case .recoverAsync: 100
        case .recover: 110
        case .recoverOk: 111
        case .nack: 120
        }
    }

    public struct Qos: Hashable, Sendable {
        public var prefetchSize: UInt32
        public var prefetchCount: UInt16
        public var global: Bool

        public init(prefetchSize: UInt32 = 0, prefetchCount: UInt16, global: Bool = false) {
            self.prefetchSize = prefetchSize
            self.prefetchCount = prefetchCount
            self.global = global
        }
    }

    public struct Consume: Hashable, Sendable {
        public var ticket: UInt16
        public var queue: String
        /// "" asks the server for a tag (`amq.ctag-…`).
        public var consumerTag: String
        public var noLocal: Bool
        public var noAck: Bool
        public var exclusive: Bool
        public var noWait: Bool
        public var arguments: FieldTable

        public init(
            ticket: UInt16 = 0, queue: String, consumerTag: String = "", noLocal: Bool = false, noAck: Bool = false,
            exclusive: Bool = false, noWait: Bool = false, arguments: FieldTable = [:]
        ) {
            self.ticket = ticket
            self.queue = queue
            self.consumerTag = consumerTag
            self.noLocal = noLocal
            self.noAck = noAck
            self.exclusive = exclusive
            self.noWait = noWait
            self.arguments = arguments
        }
    }

    public struct Publish: Hashable, Sendable {
        public var ticket: UInt16
        public var exchange: String
        public var routingKey: String
        public var mandatory: Bool
        public var immediate: Bool

        public init(ticket: UInt16 = 0, exchange: String = "", routingKey: String, mandatory: Bool = false, immediate: Bool = false) {
            self.ticket = ticket
            self.exchange = exchange
            self.routingKey = routingKey
            self.mandatory = mandatory
            self.immediate = immediate
        }
    }

    public struct Return: Hashable, Sendable {
        public var replyCode: UInt16
        public var replyText: String
        public var exchange: String
        public var routingKey: String

        public init(replyCode: UInt16, replyText: String, exchange: String, routingKey: String) {
            self.replyCode = replyCode
            self.replyText = replyText
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public struct Deliver: Hashable, Sendable {
        public var consumerTag: String
        public var deliveryTag: UInt64
        public var redelivered: Bool
        public var exchange: String
        public var routingKey: String

        public init(consumerTag: String, deliveryTag: UInt64, redelivered: Bool = false, exchange: String, routingKey: String) {
            self.consumerTag = consumerTag
            self.deliveryTag = deliveryTag
            self.redelivered = redelivered
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public struct Get: Hashable, Sendable {
        public var ticket: UInt16
        public var queue: String
        public var noAck: Bool

        public init(ticket: UInt16 = 0, queue: String, noAck: Bool = false) {
            self.ticket = ticket
            self.queue = queue
            self.noAck = noAck
        }
    }

    public struct GetOk: Hashable, Sendable {
        public var deliveryTag: UInt64
        public var redelivered: Bool
        public var exchange: String
        public var routingKey: String
        public var messageCount: UInt32

        public init(deliveryTag: UInt64, redelivered: Bool = false, exchange: String, routingKey: String, messageCount: UInt32) {
            self.deliveryTag = deliveryTag
            self.redelivered = redelivered
            self.exchange = exchange
            self.routingKey = routingKey
            self.messageCount = messageCount
        }
    }
}
