import AMQP

/// queue.declare / bind / unbind / purge / delete with rabbit_channel's checks in its order.
extension BrokerChannel {
    func handleQueue(_ method: QueueMethod) throws(BrokerError) {
        let vhostName = vhost.name
        let userName = user.name
        switch method {
        case .declare(let d):
            let result: QueueDeclareResult
            if d.passive {
                let name = try expandQueueName(d.queue)
                result = try vhost.declareQueuePassive(name: name, connection: connection.id)
            } else {
                let requested = d.queue.strippingCRLF
                // Server-named queues are named first and checked under their new name.
                let name = try vhost.resolveQueueName(requested)
                try access.checkQueueDeclare(
                    user: userName, vhost: vhostName, queue: name, passive: false, serverNamed: requested.isEmpty, exists: true)
                let access = self.access
                result = try vhost.declareQueue(
                    name: name, durable: d.durable, exclusive: d.exclusive, autoDelete: d.autoDelete, arguments: d.arguments,
                    connection: connection.id,
                    authorizeDeadLetterExchange: { (dlx: String) throws(BrokerError) in
                        try access.checkResourceAccess(user: userName, vhost: vhostName, kind: .queue, name: name, access: .read)
                        try access.checkResourceAccess(user: userName, vhost: vhostName, kind: .exchange, name: dlx, access: .write)
                    })
            }
            lastDeclaredQueue = result.name
            if !d.noWait {
                send(.queue(.declareOk(.init(
                    queue: result.name, messageCount: UInt32(clamping: result.messageCount),
                    consumerCount: UInt32(clamping: result.consumerCount)))))
            }
        case .bind(let b):
            let queue = try expandQueueName(b.queue)
            let routingKey = expandRoutingKey(b.routingKey, queue: b.queue)
            let exchange = b.exchange.strippingCRLF
            try checkBind(source: exchange, destination: queue, kind: .queue, routingKey: routingKey)
            try vhost.bindQueue(queue, to: exchange, routingKey: routingKey, arguments: b.arguments, connection: connection.id)
            if !b.noWait { send(.queue(.bindOk)) }
        case .unbind(let u):
            let queue = try expandQueueName(u.queue)
            let routingKey = expandRoutingKey(u.routingKey, queue: u.queue)
            let exchange = u.exchange.strippingCRLF
            try checkBind(source: exchange, destination: queue, kind: .queue, routingKey: routingKey)
            try vhost.unbindQueue(queue, from: exchange, routingKey: routingKey, arguments: u.arguments, connection: connection.id)
            send(.queue(.unbindOk))
        case .purge(let p):
            let queue = try expandQueueName(p.queue)
            try access.checkQueuePurge(user: userName, vhost: vhostName, queue: queue)
            let count = try vhost.purgeQueue(name: queue, connection: connection.id)
            if !p.noWait { send(.queue(.purgeOk(messageCount: UInt32(clamping: count)))) }
        case .delete(let d):
            let queue = try expandQueueName(d.queue)
            try access.checkQueueDelete(user: userName, vhost: vhostName, queue: queue)
            let count = try vhost.deleteQueue(name: queue, ifUnused: d.ifUnused, ifEmpty: d.ifEmpty, connection: connection.id)
            if !d.noWait { send(.queue(.deleteOk(messageCount: UInt32(clamping: count)))) }
        default:
            throw BrokerError(code: .commandInvalid, text: "unimplemented method")
        }
    }

    /// expand_routing_key_shortcut: binding `""` queue with `""` key binds under the queue's name.
    func expandRoutingKey(_ key: String, queue: String) -> String {
        guard key.isEmpty, queue.strippingCRLF.isEmpty, let last = lastDeclaredQueue else { return key }
        return last
    }
}
