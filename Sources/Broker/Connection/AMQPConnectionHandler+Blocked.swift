import AMQP
import NIOCore

/// rabbit_reader's throttle under a resource alarm: a connection becomes `blocking`; at its
/// next publish it is `blocked`: clients that announced the connection.blocked capability get
/// connection.blocked, and the socket is no longer read until the alarm clears
/// (connection.unblocked).
extension AMQPConnectionHandler {
    func alarmsChanged(_ alarms: Set<ResourceAlarm>) {
        guard phase == .running else { return }
        if alarms.isEmpty {
            let wasBlocked = throttle == .blocked
            throttle = .running
            if wasBlocked { updateAutoRead() }
            if blockedNotified {
                send(method: .connection(.unblocked))
                flushNow()
            }
            throttle = .running
            blockedNotified = false
        } else if throttle == .running {
            throttle = .blocking
        }
    }

    /// Called for each basic.publish: the first one under an alarm blocks the connection.
    func publishedUnderAlarm() {
        guard throttle == .blocking else { return }
        throttle = .blocked
        updateAutoRead()
        if capabilities.connectionBlocked, let alarm = node.alarms.sorted(by: { $0.rawValue < $1.rawValue }).first {
            send(method: .connection(.blocked(reason: alarm.blockedReason)))
            blockedNotified = true
            scheduleFlush()
        }
    }
}

/// Back-pressure, the part of RabbitMQ's credit flow that matters on one loop: while some
/// connection cannot take more output (its socket buffer is past the high water mark), the
/// other connections are not read, so publishers wait for slow consumers instead of piling
/// messages into memory.
extension AMQPConnectionHandler {
    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        node.writabilityChanged(id, writable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    /// Reads stop while blocked by an alarm, or while another connection is backed up.
    func updateAutoRead() {
        guard let context, phase != .closed else { return }
        let backedUpElsewhere = !node.unwritableConnections.isEmpty && !node.unwritableConnections.contains(id)
        let read = throttle != .blocked && !backedUpElsewhere
        context.channel.setOption(ChannelOptions.autoRead, value: read).whenFailure { _ in }
    }
}
