/// One AMQP 0-9-1 method of the classes RabbitMQ speaks (connection, channel, exchange, queue,
/// basic, confirm, tx), with its arguments decoded. Class and method ids are RabbitMQ's
/// (amqp-rabbitmq-0.9.1.json), including its extensions (exchange.bind, basic.nack, confirm…).
public enum Method: Hashable, Sendable {
    case connection(ConnectionMethod)
    case channel(ChannelMethod)
    case exchange(ExchangeMethod)
    case queue(QueueMethod)
    case basic(BasicMethod)
    case confirm(ConfirmMethod)
    case tx(TxMethod)

    public var classID: UInt16 {
        switch self {
        case .connection: ConnectionMethod.classID
        case .channel: ChannelMethod.classID
        case .exchange: ExchangeMethod.classID
        case .queue: QueueMethod.classID
        case .basic: BasicMethod.classID
        case .confirm: ConfirmMethod.classID
        case .tx: TxMethod.classID
        }
    }

    public var methodID: UInt16 {
        switch self {
        case .connection(let m): m.methodID
        case .channel(let m): m.methodID
        case .exchange(let m): m.methodID
        case .queue(let m): m.methodID
        case .basic(let m): m.methodID
        case .confirm(let m): m.methodID
        case .tx(let m): m.methodID
        }
    }

    /// Methods followed by a content header and body frames: basic.publish, return, deliver
    /// and get-ok.
    public var hasContent: Bool { Method.hasContent(classID: classID, methodID: methodID) }

    public static func hasContent(classID: UInt16, methodID: UInt16) -> Bool {
        classID == BasicMethod.classID && [40, 50, 60, 71].contains(methodID)
    }

    /// RabbitMQ's name for the method, as it appears in error texts and logs
    /// (`basic.publish`, `exchange.declare_ok`).
    public var name: String { Method.name(classID: classID, methodID: methodID) ?? "unknown" }
}

/// The arguments of connection.close and channel.close: who closes, why, and which method
/// (class and method id, 0 and 0 if none) caused it.
public struct CloseReason: Hashable, Sendable {
    public var replyCode: UInt16
    public var replyText: String
    public var classID: UInt16
    public var methodID: UInt16

    public init(replyCode: UInt16, replyText: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.classID = classID
        self.methodID = methodID
    }
}
