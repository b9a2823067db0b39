import AMQP

/// What queue.declare-ok reports.
public struct QueueDeclareResult: Sendable, Equatable {
    public var name: String
    /// Ready messages.
    public var messageCount: Int
    public var consumerCount: Int
    /// False when the queue already existed.
    public var created: Bool
}

extension VirtualHost {
    /// A fresh server name, `amq.gen-` and 22 url-safe base64 characters.
    public func generateQueueName() -> String {
        var name: String
        repeat { name = GeneratedName.queue(using: &random) } while queues[name] != nil
        return name
    }

    /// The name queue.declare works on: `""` becomes a generated name (checked for
    /// permissions after naming, as RabbitMQ does); an explicit `amq.` name is refused (403)
    /// even when the queue exists.
    public func resolveQueueName(_ requested: String) throws(BrokerError) -> String {
        if requested.isEmpty { return generateQueueName() }
        try Self.checkReservedName(.queue, requested)
        return requested
    }

    /// queue.declare (passive=false), with the name already resolved (an empty name is
    /// generated here too). An exclusive queue is never durable.
    ///
    /// Existing queue: exclusivity must match exactly (405), then durable, auto_delete and the
    /// classic queue arguments must be equivalent (406); the queue counts as used (x-expires).
    /// New queue: an `x-dead-letter-exchange` that is not a long string is 406, otherwise
    /// `authorizeDeadLetterExchange(name)` runs (the channel's read-queue / write-DLX checks),
    /// then the arguments are validated (406 texts of check_declare_arguments).
    @discardableResult
    public func declareQueue(
        name requested: String, durable: Bool, exclusive: Bool, autoDelete: Bool, arguments: FieldTable,
        connection: ConnectionID, authorizeDeadLetterExchange: (String) throws(BrokerError) -> Void = { _ in }
    ) throws(BrokerError) -> QueueDeclareResult {
        let name = requested.isEmpty ? generateQueueName() : requested
        let owner = exclusive ? connection : nil
        let durable = durable && !exclusive
        if let queue = queues[name] {
            guard queue.exclusiveOwner == owner else { throw lockedError(name) }
            let resource = describe(.queue, name)
            try Equivalence.field("durable", current: queue.durable, received: durable, resource: resource)
            try Equivalence.field("auto_delete", current: queue.autoDelete, received: autoDelete, resource: resource)
            try Equivalence.arguments(
                current: queue.arguments, received: arguments, keys: QueueArguments.equivalenceKeys, resource: resource)
            queue.touch()
            return stats(queue, created: false)
        }
        if let dlx = arguments["x-dead-letter-exchange"] {
            guard case .longString(let bytes) = dlx else {
                throw .preconditionFailed(
                    "invalid type '\(ErlangTerm.typeName(dlx))' for arg 'x-dead-letter-exchange' in \(describe(.queue, name))")
            }
            try authorizeDeadLetterExchange(String(decoding: bytes, as: UTF8.self))
        }
        let settings = try QueueArguments(validating: arguments, queue: name, vhost: self.name)
        let queue = Queue(
            name: name, vhost: self, durable: durable, exclusiveOwner: owner, autoDelete: autoDelete, arguments: arguments,
            settings: settings, now: clock.nowMilliseconds)
        queues[name] = queue
        if durable { journal?.queueDeclared(queue.definition, vhost: self.name) }
        return stats(queue, created: true)
    }

    /// queue.declare (passive=true): 404 when absent, 405 when exclusive to another connection.
    @discardableResult
    public func declareQueuePassive(name: String, connection: ConnectionID) throws(BrokerError) -> QueueDeclareResult {
        let queue = try queueForAccess(name, connection: connection)
        queue.touch()
        return stats(queue, created: false)
    }

    /// queue.delete: returns the number of ready messages it had. An absent queue is not an
    /// error (0); 405 for another connection's exclusive queue; `ifEmpty` (checked first) and
    /// `ifUnused` refuse with 406 `… not empty` / `… in use`. Consumers get cancelled
    /// (`DeliverySink.consumerCancelled`), bindings go, auto-delete sources may follow.
    @discardableResult
    public func deleteQueue(name: String, ifUnused: Bool, ifEmpty: Bool, connection: ConnectionID) throws(BrokerError) -> Int {
        guard let queue = queues[name] else { return 0 }
        try checkExclusiveAccess(queue, connection: connection)
        queue.dropExpired(now: clock.nowMilliseconds)
        if ifEmpty, queue.messageCount > 0 { throw .preconditionFailed("\(describe(.queue, name)) not empty") }
        if ifUnused, queue.consumerCount > 0 { throw .preconditionFailed("\(describe(.queue, name)) in use") }
        let count = queue.messageCount
        removeQueue(queue)
        return count
    }

    /// queue.purge: removes the ready messages and returns how many (404, 405 as usual).
    public func purgeQueue(name: String, connection: ConnectionID) throws(BrokerError) -> Int {
        try queueForAccess(name, connection: connection).purge()
    }

    /// The queue, or 404; and 405 if exclusive to another connection (with_exclusive_access_or_die).
    func queueForAccess(_ name: String, connection: ConnectionID) throws(BrokerError) -> Queue {
        guard let queue = queues[name] else { throw notFound(.queue, name) }
        try checkExclusiveAccess(queue, connection: connection)
        return queue
    }

    func checkExclusiveAccess(_ queue: Queue, connection: ConnectionID) throws(BrokerError) {
        if let owner = queue.exclusiveOwner, owner != connection { throw lockedError(queue.name) }
    }

    func lockedError(_ name: String) -> BrokerError {
        .resourceLocked(
            "cannot obtain exclusive access to locked \(describe(.queue, name)). It could be originally declared on "
                + "another connection or the exclusive property value does not match that of the original declaration.")
    }

    func stats(_ queue: Queue, created: Bool) -> QueueDeclareResult {
        queue.dropExpired(now: clock.nowMilliseconds)
        return QueueDeclareResult(name: queue.name, messageCount: queue.messageCount, consumerCount: queue.consumerCount, created: created)
    }

    /// Deletes the queue: consumers are cancelled, bindings to it removed.
    func removeQueue(_ queue: Queue) {
        guard queues[queue.name] === queue else { return }
        queues[queue.name] = nil
        for consumer in queue.markDeleted() { consumer.channel?.consumerCancelledByBroker(consumer) }
        if queue.durable { journal?.queueDeleted(queue.name, vhost: name) }
        removeBindings(to: .queue(queue.name))
    }

    /// After a consumer goes: an auto-delete queue with none left is deleted.
    func deleteIfAutoDelete(_ queue: Queue) {
        if queue.shouldAutoDelete, !queue.isDeleted { removeQueue(queue) }
    }

    /// Puts a message recovered from the journal back into its queue (broker start), with
    /// the sequence and expiry it had. The journal is not told again.
    public func restoreMessage(_ entry: QueuedMessage, queue name: String) throws(BrokerError) {
        guard let queue = queues[name] else { throw notFound(.queue, name) }
        queue.restore(entry)
    }
}
