import AMQP
import NIOCore

/// basic.publish, publisher confirms and transactions.
extension BrokerChannel {
    /// rabbit_channel's basic.publish: immediate refused (540, connection-level), write
    /// permission, exchange lookup (404), internal exchange (403), topic write permission,
    /// user_id, expiration; then routing, basic.return for an unroutable mandatory message,
    /// and the confirm.
    func handlePublish(_ publish: BasicMethod.Publish, content: Content) throws(BrokerError) {
        if publish.immediate { throw BrokerError(code: .notImplemented, text: "immediate=true") }
        let exchangeName = publish.exchange.strippingCRLF
        try permissionCache.checkResourceAccess(access, user: user.name, vhost: vhost.name, kind: .exchange, name: exchangeName, access: .write)
        let exchange = try vhost.exchangeForPublish(exchangeName)
        if exchange.type == .topic {
            try permissionCache.checkTopicAccess(
                access, user: user.name, vhost: vhost.name, exchange: exchangeName, routingKey: publish.routingKey, access: .write)
        }
        try access.checkUserID(content.properties.userID, user: user)
        _ = try Message.parseExpiration(content.properties.expiration)
        let message = try Message(publishedTo: exchangeName, routingKey: publish.routingKey, properties: content.properties, body: content.body)
        connection.publishedUnderAlarm()
        connection.publishedThisBatch = true
        switch mode {
        case .tx:
            transaction.append(.publish(message, exchange: exchange, mandatory: publish.mandatory))
        case .confirm:
            let sequence = nextPublishSequence
            nextPublishSequence += 1
            let result = route(message, via: exchange, mandatory: publish.mandatory)
            confirm(sequence, result)
        case .plain:
            route(message, via: exchange, mandatory: publish.mandatory)
        }
    }

    @discardableResult
    func route(_ message: Message, via exchange: Exchange, mandatory: Bool) -> PublishResult {
        let result = vhost.publish(message, via: exchange)
        connection.fed(result.queues, in: vhost)
        if mandatory, result.isUnroutable {
            let returned = BasicMethod.Return(
                replyCode: ReplyCode.noRoute.rawValue, replyText: "NO_ROUTE", exchange: message.exchange, routingKey: message.routingKey)
            connection.send(Command(channel: number, method: .basic(.return(returned)), content: Content(properties: message.properties, body: message.body)))
        }
        return result
    }

    /// basic.ack for the publish, or basic.nack when a queue refused it (x-overflow
    /// reject-publish). A persistent message that reached a durable queue is acked only once
    /// the journal has synced it, and nacked if the journal could not.
    func confirm(_ sequence: UInt64, _ result: PublishResult) {
        let reply: Method = result.rejectedBy.isEmpty
            ? .basic(.ack(deliveryTag: sequence, multiple: false))
            : .basic(.nack(deliveryTag: sequence, multiple: false, requeue: false))
        guard result.journaled, let journal = node.journal else {
            send(reply)
            return
        }
        let connection = self.connection
        let channelNumber = number
        journal.whenSynced { [weak self] synced in
            // The channel may have closed meanwhile; then nobody waits for the confirm.
            guard let self, !self.isClosing, connection.channels[channelNumber] === self else { return }
            self.send(synced ? reply : .basic(.nack(deliveryTag: sequence, multiple: false, requeue: false)))
            connection.scheduleFlush()
        }
    }

    func selectConfirms(noWait: Bool) throws(BrokerError) {
        if mode == .tx { throw .preconditionFailed("cannot switch from tx to confirm mode") }
        mode = .confirm
        if !noWait { send(.confirm(.selectOk)) }
    }

    func handleTx(_ method: TxMethod) throws(BrokerError) {
        switch method {
        case .select:
            if mode == .confirm { throw .preconditionFailed("cannot switch from confirm to tx mode") }
            mode = .tx
            send(.tx(.selectOk))
        case .commit:
            guard mode == .tx else { throw .preconditionFailed("channel is not transactional") }
            let steps = transaction
            transaction = []
            for step in steps {
                switch step {
                case .publish(let message, let exchange, let mandatory): route(message, via: exchange, mandatory: mandatory)
                case .settle(let settlement): try apply(settlement)
                }
            }
            send(.tx(.commitOk))
        case .rollback:
            guard mode == .tx else { throw .preconditionFailed("channel is not transactional") }
            transaction = []
            send(.tx(.rollbackOk))
        default:
            throw BrokerError(code: .commandInvalid, text: "unimplemented method")
        }
    }
}
