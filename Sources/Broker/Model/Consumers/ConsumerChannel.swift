import AMQP
import DequeModule

/// The delivery side of one AMQP channel: its consumers, delivery tags, unacknowledged
/// messages and prefetch limits. The channel layer makes one per open channel, sets `sink`,
/// and forwards basic.qos / ack / nack / reject / recover / cancel and channel.close to it.
///
/// Prefetch lives here, as RabbitMQ's limiter does: `basic.qos(global=false)` sets the limit
/// of consumers created afterwards, `global=true` a limit shared by the whole channel; only
/// deliveries to consumers that need acks count (basic.get does not).
///
/// The channel layer keeps it alive while the AMQP channel is open (consumers refer to it
/// weakly) and calls `close()` when the channel closes; one dropped without `close()` is
/// closed when it goes.
public final class ConsumerChannel {
    public let connection: ConnectionID
    public let vhost: VirtualHost
    public weak var sink: DeliverySink?
    public private(set) var isOpen = true
    /// Set by the channel layer while the connection cannot take more output (its socket
    /// buffer is past the high water mark): queues hold their messages instead of handing
    /// them to this channel's consumers. `resume()` clears it.
    public var isPaused = false

    /// The tag the next delivery (or get-ok) gets; tags start at 1 per channel.
    public private(set) var nextDeliveryTag: UInt64 = 1
    /// Prefetch of consumers created from now on (basic.qos global=false); 0 is unlimited.
    public private(set) var consumerPrefetch = 0
    /// Limit over all consumers of the channel (basic.qos global=true); 0 is unlimited.
    public private(set) var channelPrefetch = 0
    /// Consumer deliveries awaiting ack, what `channelPrefetch` limits.
    public private(set) var channelUnacked = 0

    struct PendingAck {
        let tag: UInt64
        let queue: Queue
        let entry: QueuedMessage
        /// Nil for basic.get.
        let consumer: Consumer?
    }

    /// Unacked deliveries in ascending tag order.
    private var unacked = Deque<PendingAck>()
    private var consumersByTag: [String: Consumer] = [:]

    public init(connection: ConnectionID, vhost: VirtualHost, sink: DeliverySink?) {
        self.connection = connection
        self.vhost = vhost
        self.sink = sink
    }

    deinit {
        if isOpen { close() }
    }

    public var unackedCount: Int { unacked.count }
    public var consumerTags: [String] { Array(consumersByTag.keys) }
    public func consumer(tagged tag: String) -> Consumer? { consumersByTag[tag] }

    var hasChannelCredit: Bool { channelPrefetch == 0 || channelUnacked < channelPrefetch }

    // MARK: - basic.qos

    /// basic.qos with prefetch-size 0 (the channel refuses other sizes with 540 first).
    public func qos(prefetchCount: UInt16, global: Bool) {
        if global {
            channelPrefetch = Int(prefetchCount)
            dispatchConsumerQueues()
        } else {
            consumerPrefetch = Int(prefetchCount)
        }
    }

    // MARK: - Deliveries

    /// Called by a queue that picked one of this channel's consumers.
    func send(_ entry: QueuedMessage, redelivered: Bool, from queue: Queue, consumer: Consumer) {
        let tag = nextDeliveryTag
        nextDeliveryTag += 1
        if !consumer.noAck {
            unacked.append(PendingAck(tag: tag, queue: queue, entry: entry, consumer: consumer))
            consumer.unacked += 1
            channelUnacked += 1
        }
        let message = entry.message
        sink?.deliver(Delivery(
            consumerTag: consumer.tag, deliveryTag: tag, redelivered: redelivered, exchange: message.exchange,
            routingKey: message.routingKey, message: message))
    }

    /// Records a basic.get result and gives it its delivery tag.
    func recordGet(_ entry: QueuedMessage, redelivered: Bool, from queue: Queue, noAck: Bool) -> Delivery {
        let tag = nextDeliveryTag
        nextDeliveryTag += 1
        if noAck {
            queue.forget(entry)
        } else {
            queue.unackedCount += 1
            unacked.append(PendingAck(tag: tag, queue: queue, entry: entry, consumer: nil))
        }
        return Delivery(
            consumerTag: "", deliveryTag: tag, redelivered: redelivered, exchange: entry.message.exchange,
            routingKey: entry.message.routingKey, message: entry.message)
    }

    // MARK: - basic.ack / basic.nack / basic.reject / basic.recover

    /// basic.ack. `multiple` with tag 0 acks everything outstanding.
    /// Throws 406 `unknown delivery tag N` (and acks nothing) for a tag not outstanding.
    public func ack(deliveryTag: UInt64, multiple: Bool) throws(BrokerError) {
        let settled = try collect(deliveryTag, multiple: multiple)
        for pending in settled { pending.queue.acknowledge(pending.entry) }
        released(settled)
    }

    /// basic.nack and basic.reject (`multiple` false): requeued in place, or dead-lettered
    /// with reason `rejected` / dropped.
    public func reject(deliveryTag: UInt64, multiple: Bool, requeue: Bool) throws(BrokerError) {
        let settled = try collect(deliveryTag, multiple: multiple)
        settle(settled, requeue: requeue)
    }

    /// basic.recover(requeue=true): every unacked message goes back to its queue.
    public func recover() {
        let all = Array(unacked)
        unacked.removeAll()
        settle(all, requeue: true)
    }

    private func settle(_ settled: [PendingAck], requeue: Bool) {
        // Per queue, so a queue sees one requeue (and one dispatch) for the batch.
        var order: [ObjectIdentifier] = []
        var byQueue: [ObjectIdentifier: (Queue, [QueuedMessage])] = [:]
        for pending in settled {
            let id = ObjectIdentifier(pending.queue)
            if byQueue[id] == nil {
                order.append(id)
                byQueue[id] = (pending.queue, [])
            }
            byQueue[id]?.1.append(pending.entry)
        }
        uncount(settled)
        for id in order {
            guard let (queue, entries) = byQueue[id] else { continue }
            if requeue { queue.requeue(entries) } else { queue.discard(entries) }
        }
        dispatchConsumerQueues()
    }

    /// collect_acks: the pending deliveries an ack names, in ascending tag order.
    private func collect(_ tag: UInt64, multiple: Bool) throws(BrokerError) -> [PendingAck] {
        if multiple, tag == 0 {
            let all = Array(unacked)
            unacked.removeAll()
            return all
        }
        guard let index = unacked.firstIndex(where: { $0.tag == tag }) else {
            throw .preconditionFailed("unknown delivery tag \(tag)")
        }
        if multiple {
            let taken = Array(unacked[...index])
            unacked.removeFirst(index + 1)
            return taken
        }
        return [unacked.remove(at: index)]
    }

    private func uncount(_ settled: [PendingAck]) {
        for pending in settled {
            guard let consumer = pending.consumer else { continue }
            consumer.unacked -= 1
            channelUnacked -= 1
        }
    }

    /// Credit came back: the queues of this channel's consumers may deliver again.
    private func released(_ settled: [PendingAck]) {
        uncount(settled)
        dispatchConsumerQueues()
    }

    /// The connection drained: the queues of this channel's consumers deliver again.
    public func resume() {
        guard isPaused else { return }
        isPaused = false
        dispatchConsumerQueues()
    }

    private func dispatchConsumerQueues() {
        var seen = Set<ObjectIdentifier>()
        for consumer in consumersByTag.values where seen.insert(ObjectIdentifier(consumer.queue)).inserted {
            consumer.queue.run()
        }
    }

    // MARK: - Consumers

    func register(_ consumer: Consumer) {
        consumersByTag[consumer.tag] = consumer
    }

    func hasConsumer(tagged tag: String) -> Bool { consumersByTag[tag] != nil }

    /// basic.cancel: removes the consumer; its unacked messages stay with the channel. An
    /// auto-delete queue left without consumers is deleted. Unknown tags are fine (cancel-ok).
    public func cancel(consumerTag: String) {
        guard let consumer = consumersByTag.removeValue(forKey: consumerTag) else { return }
        vhost.detach(consumer)
    }

    /// The queue went away: forget the consumer and tell the client.
    func consumerCancelledByBroker(_ consumer: Consumer) {
        guard consumersByTag[consumer.tag] === consumer else { return }
        consumersByTag[consumer.tag] = nil
        sink?.consumerCancelled(tag: consumer.tag)
    }

    /// channel.close (or the connection going): consumers are removed, unacked messages go
    /// back to their queues, and auto-delete queues left without consumers are deleted.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        let consumers = Array(consumersByTag.values)
        consumersByTag.removeAll()
        for consumer in consumers { consumer.queue.remove(consumer) }
        let all = Array(unacked)
        unacked.removeAll()
        settle(all, requeue: true)
        for consumer in consumers { vhost.deleteIfAutoDelete(consumer.queue) }
    }
}
