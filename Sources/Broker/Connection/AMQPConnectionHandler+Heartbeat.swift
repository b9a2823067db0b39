import AMQP
import NIOCore

/// rabbit_heartbeat: with a negotiated timeout T, a heartbeat frame goes out every T/2 when
/// nothing else was sent, and the connection is dropped when nothing arrived during two
/// checks in a row, T apart.
extension AMQPConnectionHandler {
    func startHeartbeats() {
        guard heartbeat > 0, let context else { return }
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let period = TimeAmount.seconds(Int64(heartbeat))
        let half = TimeAmount.milliseconds(Int64(heartbeat) * 500)
        receivedSinceCheck = false
        sentSinceCheck = false
        heartbeatTasks = [
            loop.scheduleRepeatedTask(initialDelay: half, delay: half) { _ in bound.value.heartbeatSendCheck() },
            loop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in bound.value.heartbeatReceiveCheck() },
        ]
    }

    func heartbeatSendCheck() {
        guard phase != .closed else { return }
        if !sentSinceCheck {
            send(.frame(.heartbeat()))
            flushNow()
        }
        sentSinceCheck = false
    }

    func heartbeatReceiveCheck() {
        guard phase != .closed else { return }
        // rabbit_heartbeat's monitor is paused while the reader is blocked: a connection we
        // stopped reading must not time out for it.
        if receivedSinceCheck || readPaused {
            missedHeartbeats = 0
        } else {
            missedHeartbeats += 1
        }
        receivedSinceCheck = false
        if missedHeartbeats >= 2 {
            logger.error("closing AMQP connection \(peerDescription): missed heartbeats from client, timeout: \(heartbeat)s")
            for task in heartbeatTasks { task.cancel() }
            heartbeatTasks = []
            closeAllChannels()
            resetSocket()
        }
    }
}
