import AMQP

/// An exchange as listings show it.
public struct ExchangeInfo: Hashable, Sendable {
    public var vhost: String
    public var definition: ExchangeDefinition
}

/// A queue as listings show it: its declaration and its counts.
public struct QueueInfo: Hashable, Sendable {
    public var vhost: String
    public var definition: QueueDefinition
    public var messagesReady: Int
    public var messagesUnacknowledged: Int
    public var consumers: Int
    public var name: String { definition.name }

    init(vhost: String, queue: Queue) {
        self.vhost = vhost
        self.definition = queue.definition
        self.messagesReady = queue.messageCount
        self.messagesUnacknowledged = queue.unackedCount
        self.consumers = queue.consumerCount
    }
}

public struct BindingInfo: Hashable, Sendable {
    public var vhost: String
    public var binding: Binding
}

/// A message taken by `BrokerNode.get`.
public struct GotMessage: Sendable {
    public var delivery: Delivery
    /// Ready messages left in the queue after this one was taken.
    public var messageCountAfter: Int
}

/// A client connection as listings show it.
public struct ConnectionInfo: Sendable {
    public var id: ConnectionID
    public var peer: String
    public var user: String?
    public var vhost: String?
    public var channels: Int
    public var clientProperties: FieldTable

    init(_ handler: AMQPConnectionHandler) {
        id = handler.id
        peer = handler.peerDescription
        user = handler.user?.name
        vhost = handler.vhost?.name
        channels = handler.channels.count
        clientProperties = handler.clientProperties
    }
}
