import AMQP
import NIOCore

/// One open AMQP channel: routes its commands to the model with RabbitMQ's permission checks,
/// and receives deliveries from the model (as its `DeliverySink`). Errors become channel.close
/// (soft codes) or connection.close (hard codes), as rabbit_channel's handle_exception does.
final class BrokerChannel: DeliverySink {
    let number: UInt16
    unowned let connection: AMQPConnectionHandler
    let vhost: VirtualHost
    let consumers: ConsumerChannel

    /// The server sent channel.close and waits for close-ok.
    private(set) var isClosing = false
    /// `""` in queue arguments means this (rabbit_channel's most_recently_declared_queue).
    var lastDeclaredQueue: String?

    enum Mode { case plain, confirm, tx }
    var mode = Mode.plain
    /// Sequence number of the next publish in confirm mode (1-based, per channel).
    var nextPublishSequence: UInt64 = 1
    /// Publishes and settlements held until tx.commit.
    var transaction: [TransactionStep] = []
    /// Publish permission checks that passed recently (rabbit_channel's permission cache):
    /// a publisher does not run its regexes per message.
    var permissionCache = PermissionCache()
    /// When the channel last handled a command: an idle channel forgets its cache, as a
    /// RabbitMQ channel process clears it when it hibernates (after at least a second idle).
    var lastCommandAt: Int64 = 0
    static let hibernateAfterMilliseconds: Int64 = 1000

    init(number: UInt16, connection: AMQPConnectionHandler, vhost: VirtualHost) {
        self.number = number
        self.connection = connection
        self.vhost = vhost
        self.consumers = ConsumerChannel(connection: connection.id, vhost: vhost, sink: nil)
        consumers.sink = self
    }

    var node: BrokerNode { connection.node }
    var user: User {
        // A channel exists only on a running connection, which has a user.
        connection.user ?? User(name: "", passwordHash: nil)
    }
    var access: AccessControl { node.access }

    func send(_ method: Method) {
        connection.send(method: method, channel: number)
    }

    // MARK: - Commands

    func handle(_ command: Command) {
        let now = vhost.clock.nowMilliseconds
        if now - lastCommandAt >= Self.hibernateAfterMilliseconds { permissionCache.clear() }
        lastCommandAt = now
        do {
            try dispatch(command)
        } catch {
            fail(error, command.method)
        }
    }

    private func dispatch(_ command: Command) throws(BrokerError) {
        switch command.method {
        case .channel(let method): try handleChannel(method)
        case .exchange(let method): try handleExchange(method)
        case .queue(let method): try handleQueue(method)
        case .basic(.publish(let publish)):
            guard let content = command.content else { return }
            try handlePublish(publish, content: content)
        case .basic(let method): try handleBasic(method)
        case .confirm(.select(let noWait)): try selectConfirms(noWait: noWait)
        case .tx(let method): try handleTx(method)
        default:
            // Methods only a server sends (open-ok, deliver, …): rabbit_channel has no clause.
            throw BrokerError(code: .commandInvalid, text: "unimplemented method")
        }
    }

    private func handleChannel(_ method: ChannelMethod) throws(BrokerError) {
        switch method {
        case .close:
            terminate()
            send(.channel(.closeOk))
            connection.forgetChannel(number)
        case .flow(let active):
            // 3.10 no longer lets clients stop the flow of deliveries.
            guard active else { throw BrokerError(code: .notImplemented, text: "active=false") }
            send(.channel(.flowOk(active: true)))
        default:
            throw BrokerError(code: .commandInvalid, text: "unimplemented method")
        }
    }

    /// After the server's channel.close: close-ok ends the channel; a crossing channel.close
    /// is answered with close-ok.
    func receivedWhileClosing(_ method: ChannelMethod) {
        switch method {
        case .closeOk:
            connection.forgetChannel(number)
        case .close:
            send(.channel(.closeOk))
        default:
            break
        }
    }

    /// rabbit_binary_generator:map_exception: soft codes close the channel, hard ones the
    /// connection, with the failing method's ids.
    func fail(_ error: BrokerError, _ method: Method) {
        let reason = CloseReason.rabbit(error.code, error.text, classID: method.classID, methodID: method.methodID)
        if error.code.closesConnection {
            connection.connectionError(reason)
            return
        }
        connection.logger.error("Channel error on connection \(connection.peerDescription), channel \(number): \(reason.replyText)")
        terminate()
        isClosing = true
        send(.channel(.close(reason)))
    }

    /// The channel ends (closed by either side or with its connection): consumers go,
    /// unacked messages return to their queues, auto-delete queues may follow.
    func terminate() {
        transaction = []
        consumers.close()
    }

    // MARK: - DeliverySink

    func deliver(_ delivery: Delivery) {
        connection.deliveryWillBeWritten()
        let method = Method.basic(
            .deliver(
                .init(
                    consumerTag: delivery.consumerTag, deliveryTag: delivery.deliveryTag, redelivered: delivery.redelivered,
                    exchange: delivery.exchange, routingKey: delivery.routingKey)))
        connection.send(Command(channel: number, method: method, content: Content(properties: delivery.message.properties, body: delivery.message.body)))
        connection.scheduleFlush()
        connection.deliveryWritten(on: self)
    }

    func consumerCancelled(tag: String) {
        guard connection.capabilities.consumerCancelNotify else { return }
        send(.basic(.cancel(consumerTag: tag, noWait: true)))
        connection.scheduleFlush()
    }

    // MARK: - Names

    /// rabbit_channel:expand_queue_name_shortcut: `""` is the most recently declared queue.
    func expandQueueName(_ name: String) throws(BrokerError) -> String {
        let stripped = name.strippingCRLF
        guard stripped.isEmpty else { return stripped }
        guard let last = lastDeclaredQueue else { throw .notFound("no previously declared queue") }
        return last
    }
}
