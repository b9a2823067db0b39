import NIOCore

/// Flow control, the parts of RabbitMQ's credit flow that matter on one loop.
///
/// Deliveries: a queue hands a consuming channel messages only while its connection is
/// writable (NIO's pending bytes, written or not yet flushed, below the high water mark).
/// When a delivery pushes the connection past the mark, its consuming channels pause
/// (`ConsumerChannel.isPaused`) and messages wait in their queues, where TTL and length
/// limits apply; when the socket drains below the low water mark they resume. This is
/// rabbit_amqqueue_process's unsent-message limit, counted in bytes.
///
/// Publishers: while any connection is unwritable, a connection whose last read batch
/// contained a basic.publish stops being read (autoRead off), as rabbit_reader stops reading
/// in `flow` state; it resumes when no connection is backed up. And a connection whose last
/// batch fed a backlogged queue (`Queue.updateBacklog`: more than `backlogHigh` ready while a
/// consumer with credit waits on its socket) is not read until the queue is down to
/// `backlogLow` — otherwise a publisher resumed the moment the consumer's socket drained and
/// the backlog never shrank. The two numbers are credit_flow's initial credit and top-up. Connections that only
/// consume, ack or close keep being read, so the consumer that is backed up (even when it
/// publishes too) can always settle and close. A paused connection skips heartbeat-timeout
/// checks (rabbit_heartbeat's pause) and is read again, close methods included, as soon as
/// the consumers drain or go away.
extension AMQPConnectionHandler {
    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        if writable {
            resumeDeliveries()
        } else {
            for channel in channels.values { channel.consumers.isPaused = true }
        }
        node.writabilityChanged(id, writable: writable)
        context.fireChannelWritabilityChanged()
    }

    /// Called before a delivery is written: one written while already unwritable is an
    /// overrun (the bound failed), counted on the node.
    func deliveryWillBeWritten() {
        if let context, !context.channel.isWritable { node.deliveryOverruns += 1 }
    }

    /// Called after a delivery was written: past the high water mark the channel pauses.
    func deliveryWritten(on channel: BrokerChannel) {
        guard let context, !context.channel.isWritable else { return }
        channel.consumers.isPaused = true
    }

    /// The socket drained: paused channels take messages from their queues again.
    func resumeDeliveries() {
        guard phase != .closed else { return }
        for channel in channels.values { channel.consumers.resume() }
        scheduleFlush()
        node.modelChanged()
        node.reviewBacklogs()
    }

    static let backlogHigh = 400
    static let backlogLow = 200

    /// Records the queues a publish reached; a run of publishes to one queue is one entry.
    func fed(_ queues: [String], in vhost: VirtualHost) {
        for name in queues {
            if let last = fedThisBatch.last, last.0 === vhost, last.1 == name { continue }
            fedThisBatch.append((vhost, name))
        }
    }

    /// After a read batch: a publisher that fed a backlogged queue, or published while
    /// consumers are backed up, pauses.
    func readBatchEnded() {
        publishedLastBatch = publishedThisBatch
        publishedThisBatch = false
        let fed = fedThisBatch
        fedThisBatch = []
        for (vhost, name) in fed {
            guard let queue = vhost.queue(named: name), !waitingOn.contains(where: { $0 === queue }),
                queue.updateBacklog(high: Self.backlogHigh, low: Self.backlogLow)
            else { continue }
            waitingOn.append(queue)
        }
        if !waitingOn.isEmpty { node.waitingOnBacklog.insert(id) }
        if !waitingOn.isEmpty || (publishedLastBatch && node.isBackedUp(except: id)) { updateAutoRead() }
    }

    /// Called by the node after deliveries may have drained queues: reading resumes once
    /// none of the queues this connection waits on is backlogged.
    func reviewBacklog() {
        waitingOn.removeAll { !$0.updateBacklog(high: Self.backlogHigh, low: Self.backlogLow) }
        guard waitingOn.isEmpty else { return }
        node.waitingOnBacklog.remove(id)
        updateAutoRead()
    }

    /// Reads stop while blocked by an alarm, while this connection waits on a backlogged
    /// queue, or while it publishes and another connection is backed up.
    func updateAutoRead() {
        guard let context, phase != .closed else { return }
        let paused = throttle == .blocked || !waitingOn.isEmpty || (publishedLastBatch && node.isBackedUp(except: id))
        guard paused != readPaused else { return }
        readPaused = paused
        if paused { node.readPauses += 1 }
        context.channel.setOption(ChannelOptions.autoRead, value: !paused).whenFailure { _ in }
        // Turning autoRead back on issues a read; no extra read() needed.
    }
}
