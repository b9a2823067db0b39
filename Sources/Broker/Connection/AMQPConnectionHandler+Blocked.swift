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
