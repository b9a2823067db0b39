import AMQP
import NIOCore

/// How errors end a connection, as rabbit_reader does: hard errors send connection.close and
/// wait for close-ok; fatal frame errors send it and stop reading; some errors crash
/// RabbitMQ's reader and the socket just closes.
extension AMQPConnectionHandler {
    /// A hard (connection-level) error: channels go at once, connection.close is sent, and
    /// only close-ok is awaited (the socket closes after a timeout anyway).
    func connectionError(_ reason: CloseReason) {
        guard phase != .closing, phase != .closed, phase != .silentlyClosing else { return }
        logger.error("Error on AMQP connection \(peerDescription): \(reason.replyText)")
        closeAllChannels()
        send(method: .connection(.close(reason)))
        flushNow()
        phase = .closing
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        closeTimer = context.eventLoop.scheduleTask(in: node.configuration.closeOkTimeout) { bound.value.closeSocket() }
    }

    /// Nothing more is read; the socket closes after the silent-close delay, so that a close
    /// just sent is read by the client before any reset.
    func silentlyClose() {
        guard phase != .closed, phase != .silentlyClosing else { return }
        closeAllChannels()
        phase = .silentlyClosing
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        closeTimer = context.eventLoop.scheduleTask(in: node.configuration.silentCloseDelay) {
            let handler = bound.value
            handler.phase = .closing  // let closeSocket act
            handler.closeSocket()
        }
    }

    /// A frame the decoder could not read. RabbitMQ answers most with connection.close
    /// (501/505); a fatal one (the stream is out of sync) then stops reading. Errors its reader
    /// crashes on close the socket at once, or answer 541 where it does.
    func receivedFrameError(_ error: FrameError) {
        guard phase != .closing, phase != .closed, phase != .silentlyClosing else { return }
        if case .truncated = error { return }
        if phase != .running {
            handshakeFailed("frame error \(error)")
            return
        }
        if let reply = error.rabbitReply {
            connectionError(reply)
            if error.isFatal { silentlyCloseAfterClose() }
            return
        }
        switch error {
        case .malformedContentHeader:
            connectionError(CloseReason(replyCode: ReplyCode.internalError.rawValue, replyText: "INTERNAL_ERROR"))
        case .malformedMethod where error.channel == 0:
            connectionError(CloseReason(replyCode: ReplyCode.internalError.rawValue, replyText: "INTERNAL_ERROR"))
        default:
            logger.error("Error on AMQP connection \(peerDescription): \(error); closing")
            closeAllChannels()
            closeSocket()
        }
    }

    /// After a fatal frame error's close: no close-ok can be read, so the socket closes after
    /// the silent-close delay instead of the close-ok timeout.
    private func silentlyCloseAfterClose() {
        closeTimer?.cancel()
        phase = .silentlyClosing
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        closeTimer = context.eventLoop.scheduleTask(in: node.configuration.silentCloseDelay) {
            let handler = bound.value
            handler.phase = .closing
            handler.closeSocket()
        }
    }
}
