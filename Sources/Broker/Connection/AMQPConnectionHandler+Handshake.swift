import AMQP
import NIOCore

/// Protocol header, start / start-ok, tune / tune-ok and open / open-ok, with RabbitMQ 3.10's
/// refusals: a login refused (403 close for clients with authentication_failure_close,
/// else a silent close), tune-ok values out of range and unknown mechanisms (silent close
/// after the delay), a vhost refused (530 close).
extension AMQPConnectionHandler {
    func receivedProtocolHeader(_ header: ProtocolHeader) {
        guard phase == .awaitingHeader else { return }
        switch header.negotiation {
        case .accept:
            phase = .starting
            send(method: .connection(.start(ServerProperties.start(clusterName: node.clusterName, mechanisms: ServerProperties.mechanisms))))
        case .refuse(let reply):
            // rabbit_reader:refuse_connection: our header, then the socket closes.
            logger.info("closing AMQP connection \(peerDescription): bad protocol header \(header.bytes)")
            send(.protocolHeader(reply))
            closeSocket()
        }
    }

    func receivedStartOk(_ startOk: ConnectionMethod.StartOk) {
        clientProperties = startOk.clientProperties
        capabilities = ClientCapabilities(clientProperties: startOk.clientProperties)
        guard ServerProperties.mechanisms.contains(startOk.mechanism) else {
            handshakeFailed("COMMAND_INVALID - unknown authentication mechanism '\(startOk.mechanism)'")
            return
        }
        let credentials: SASLCredentials
        do {
            credentials = try Self.credentials(mechanism: startOk.mechanism, response: startOk.response)
        } catch {
            handshakeFailed(error.replyText)
            return
        }
        do {
            user = try node.access.login(mechanism: startOk.mechanism, credentials: credentials, localAddress: context?.localAddress)
        } catch {
            loginRefused(error)
            return
        }
        phase = .tuning
        let config = node.configuration
        send(method: .connection(.tune(.init(channelMax: config.channelMax, frameMax: config.frameMax, heartbeat: config.heartbeat))))
    }

    /// PLAIN's `\0user\0pass`, or AMQPLAIN's field table without its length prefix.
    static func credentials(mechanism: String, response: [UInt8]) throws(BrokerError) -> SASLCredentials {
        if mechanism == "PLAIN" { return try SASLCredentials.plain(response) }
        var framed = ByteBuffer()
        framed.writeInteger(UInt32(response.count))
        framed.writeBytes(response)
        var reader = WireReader(framed)
        guard let table = try? reader.readTable("AMQPLAIN response") else {
            throw BrokerError(code: .syntaxError, text: "AMQPLAIN response is not a field table")
        }
        return try SASLCredentials.amqplain(table)
    }

    /// rabbit_reader:auth_fail.
    func loginRefused(_ refusal: LoginRefusal) {
        logger.error("Error on AMQP connection \(peerDescription): \(refusal.logMessage)")
        if capabilities.authenticationFailureClose {
            let error = refusal.closeError
            send(method: .connection(.close(.rabbit(error.code, error.text))))
            flushNow()
        }
        silentlyClose()
    }

    /// rabbit_reader:validate_negotiated_integer_value: 0 or anything above the server's
    /// value is refused, as is a frame_max below 4096; the handshake then ends silently.
    func receivedTuneOk(_ tune: ConnectionMethod.Tune) {
        let config = node.configuration
        if let problem = Self.negotiationProblem("frame_max", tune.frameMax, min: FrameConstants.minimumFrameMax, max: config.frameMax)
            ?? Self.negotiationProblem("channel_max", UInt32(tune.channelMax), min: 1, max: UInt32(config.channelMax))
        {
            handshakeFailed("NOT_ALLOWED - \(problem)")
            return
        }
        channelMax = tune.channelMax
        frameMax = tune.frameMax
        frameLimit.frameMax = tune.frameMax
        heartbeat = tune.heartbeat
        startHeartbeats()
        phase = .opening
    }

    static func negotiationProblem(_ field: String, _ value: UInt32, min: UInt32, max: UInt32) -> String? {
        if value != 0, value < min { return "negotiated \(field) = \(value) is lower than the minimum allowed value (\(min))" }
        if max != 0, value == 0 || value > max {
            return "negotiated \(field) = \(value) is higher than the maximum allowed value (\(max))"
        }
        return nil
    }

    func receivedOpen(_ open: ConnectionMethod.Open) {
        guard let user else { return }
        let name = open.virtualHost
        do {
            try node.access.checkVhostAccess(user: user.name, vhost: name)
        } catch {
            logger.error("Error on AMQP connection \(peerDescription), user '\(user.name)': \(error.replyText)")
            connectionError(.rabbit(error.code, error.text, classID: ConnectionMethod.classID, methodID: 40))
            return
        }
        vhost = node.state.addVirtualHost(name)
        phase = .running
        handshakeTimer?.cancel()
        handshakeTimer = nil
        send(method: .connection(.openOk(knownHosts: "")))
        logger.info("connection \(peerDescription): user '\(user.name)' authenticated and granted access to vhost '\(name)'")
        if node.alarms.isEmpty == false { throttle = .blocking }
    }

    /// rabbit_reader's handshake handle_exception: the client is not trusted yet, so it waits
    /// out the delay and the socket closes without a word.
    func handshakeFailed(_ reason: String) {
        logger.error("closing AMQP connection \(peerDescription) during handshake: \(reason)")
        silentlyClose()
    }

    func handshakeTimedOut() {
        guard phase != .running, phase != .closed else { return }
        logger.error("closing AMQP connection \(peerDescription): handshake_timeout")
        closeSocket()
    }
}
