import AMQP

/// basic.qos / consume / cancel / get / ack / nack / reject / recover.
extension BrokerChannel {
    func handleBasic(_ method: BasicMethod) throws(BrokerError) {
        let vhostName = vhost.name
        let userName = user.name
        switch method {
        case .qos(let q):
            guard q.prefetchSize == 0 else {
                throw BrokerError(code: .notImplemented, text: "prefetch_size!=0 (\(q.prefetchSize))")
            }
            consumers.qos(prefetchCount: q.prefetchCount, global: q.global)
            send(.basic(.qosOk))
        case .consume(let c):
            let queue = try expandQueueName(c.queue)
            try access.checkConsume(user: userName, vhost: vhostName, queue: queue)
            let noWait = c.noWait
            // consume-ok goes out before the first delivery.
            try vhost.consume(
                queue: queue, on: consumers, consumerTag: c.consumerTag, noAck: c.noAck, exclusive: c.exclusive,
                arguments: c.arguments, onRegistered: { tag in if !noWait { self.send(.basic(.consumeOk(consumerTag: tag))) } })
        case .cancel(let tag, let noWait):
            consumers.cancel(consumerTag: tag)
            if !noWait { send(.basic(.cancelOk(consumerTag: tag))) }
        case .get(let g):
            let queue = try expandQueueName(g.queue)
            try access.checkGet(user: userName, vhost: vhostName, queue: queue)
            guard let (delivery, remaining) = try vhost.get(queue: queue, on: consumers, noAck: g.noAck) else {
                send(.basic(.getEmpty(clusterID: "")))
                return
            }
            let getOk = BasicMethod.GetOk(
                deliveryTag: delivery.deliveryTag, redelivered: delivery.redelivered, exchange: delivery.exchange,
                routingKey: delivery.routingKey, messageCount: UInt32(clamping: remaining))
            connection.send(
                Command(
                    channel: number, method: .basic(.getOk(getOk)),
                    content: Content(properties: delivery.message.properties, body: delivery.message.body)))
        case .ack(let tag, let multiple):
            try settle(.ack(tag: tag, multiple: multiple))
        case .nack(let tag, let multiple, let requeue):
            try settle(.reject(tag: tag, multiple: multiple, requeue: requeue))
        case .reject(let tag, let requeue):
            try settle(.reject(tag: tag, multiple: false, requeue: requeue))
        case .recover(let requeue):
            guard requeue else { throw BrokerError(code: .notImplemented, text: "requeue=false") }
            consumers.recover()
            send(.basic(.recoverOk))
        case .recoverAsync(let requeue):
            guard requeue else { throw BrokerError(code: .notImplemented, text: "requeue=false") }
            consumers.recover()
        default:
            throw BrokerError(code: .commandInvalid, text: "unimplemented method")
        }
    }

    /// An ack or a nack/reject: applied now, or at tx.commit in a transaction.
    func settle(_ settlement: Settlement) throws(BrokerError) {
        if mode == .tx {
            // RabbitMQ checks the tag when the ack arrives, not at commit. Tags never handed
            // out are caught here; one settled twice inside the transaction only at commit.
            let (tag, multiple) = settlement.target
            if tag >= consumers.nextDeliveryTag || (tag == 0 && !multiple) {
                throw .preconditionFailed("unknown delivery tag \(tag)")
            }
            transaction.append(.settle(settlement))
            return
        }
        try apply(settlement)
    }

    func apply(_ settlement: Settlement) throws(BrokerError) {
        switch settlement {
        case .ack(let tag, let multiple): try consumers.ack(deliveryTag: tag, multiple: multiple)
        case .reject(let tag, let multiple, let requeue): try consumers.reject(deliveryTag: tag, multiple: multiple, requeue: requeue)
        }
    }
}

/// An ack, nack or reject as a value, so that a transaction can hold it.
enum Settlement {
    case ack(tag: UInt64, multiple: Bool)
    case reject(tag: UInt64, multiple: Bool, requeue: Bool)

    var target: (tag: UInt64, multiple: Bool) {
        switch self {
        case .ack(let tag, let multiple), .reject(let tag, let multiple, _): (tag, multiple)
        }
    }
}

/// What a transaction holds until tx.commit, in the order it came.
enum TransactionStep {
    case publish(Message, exchange: Exchange, mandatory: Bool)
    case settle(Settlement)
}
