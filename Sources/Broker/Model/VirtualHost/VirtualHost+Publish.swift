import AMQP

/// What became of a published message.
public struct PublishResult: Sendable, Equatable {
    /// The queues it was routed to, sorted by name (each at most once).
    public var queues: [String] = []
    /// Queues that refused it (`x-overflow` reject-publish or reject-publish-dlx): a
    /// confirming publisher gets basic.nack instead of basic.ack.
    public var rejectedBy: [String] = []
    /// Whether the durability journal was given a copy: confirm only after it syncs.
    public var journaled = false

    /// No queue at all: a mandatory publish gets basic.return 312 NO_ROUTE.
    public var isUnroutable: Bool { queues.isEmpty }
}

extension VirtualHost {
    /// The exchange basic.publish names: 404 when absent, 403 when internal (after the
    /// channel's write-permission check, before its topic-permission check).
    public func exchangeForPublish(_ name: String) throws(BrokerError) -> Exchange {
        guard let exchange = exchanges[name] else { throw notFound(.exchange, name) }
        if exchange.internal { throw .accessRefused("cannot publish to internal \(describe(.exchange, name))") }
        return exchange
    }

    /// Routes `message` from its exchange and enqueues it in every queue it reaches.
    @discardableResult
    public func publish(_ message: Message) throws(BrokerError) -> PublishResult {
        publish(message, via: try exchangeForPublish(message.exchange))
    }

    /// Routes and enqueues through an exchange already looked up with `exchangeForPublish`.
    @discardableResult
    public func publish(_ message: Message, via exchange: Exchange) -> PublishResult {
        var result = PublishResult()
        for queue in route(message, from: exchange) {
            result.queues.append(queue.name)
            switch queue.enqueue(message) {
            case .accepted: if queue.durable, message.isPersistent { result.journaled = true }
            case .rejected: result.rejectedBy.append(queue.name)
            }
        }
        return result
    }

    /// rabbit_exchange:route: the default exchange picks queues by routing key; any other
    /// exchange walks its bindings, on through exchange-to-exchange bindings and alternate
    /// exchanges (used when an exchange's own bindings match nothing), visiting each exchange
    /// once, so cycles end. Each existing queue appears once, sorted by name.
    public func route(_ message: Message, from exchange: Exchange) -> [Queue] {
        var found: [String: Queue] = [:]
        if exchange.name.isEmpty {
            for key in message.routingKeys { if let queue = queues[key] { found[key] = queue } }
        } else {
            var work = [exchange]
            var seen: Set<String> = [exchange.name]
            var destinations: [BindingDestination] = []
            while let current = work.popLast() {
                destinations.removeAll(keepingCapacity: true)
                current.route(message, into: &destinations)
                if destinations.isEmpty, let alternate = current.alternateExchange {
                    destinations.append(.exchange(alternate))
                }
                for destination in destinations {
                    switch destination {
                    case .queue(let name):
                        if found[name] == nil, let queue = queues[name] { found[name] = queue }
                    case .exchange(let name):
                        if seen.insert(name).inserted, let next = exchanges[name] { work.append(next) }
                    }
                }
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }

    /// rabbit_dead_letter:publish for messages leaving `queue`: nothing happens without a
    /// dead-letter exchange that exists. Copies that would loop automatically (a queue
    /// already in x-death with no reject since) are dropped.
    func deadLetter(_ messages: [Message], reason: DeathReason, from queue: Queue) {
        guard let exchangeName = queue.settings.deadLetterExchange, let exchange = exchanges[exchangeName] else { return }
        let seconds = clock.nowMilliseconds / 1000
        for message in messages {
            let dead = DeadLetter.make(
                message, reason: reason, exchange: exchangeName, routingKey: queue.settings.deadLetterRoutingKey,
                queue: queue.name, timeSeconds: seconds)
            var targets = route(dead, from: exchange)
            if reason != .rejected, case .array(let deaths)? = dead.properties.headers?["x-death"] {
                targets.removeAll { DeadLetter.isCycle(queue: $0.name, deaths: deaths) }
            }
            for target in targets { _ = target.enqueue(dead) }
        }
    }
}
