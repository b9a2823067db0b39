import AMQP

/// The replay's own AMQP connection handshake (as the harness's client does it): start →
/// start-ok PLAIN with the replay's credentials, tune → tune-ok with the server's proposals
/// (heartbeats off) and open, then open-ok.
struct AMQPReplayHandshake {
    enum Step {
        case send([Method])
        case done(frameMax: UInt32)
    }

    let credentials: AMQPReplayCredentials
    let virtualHost: String
    private var tune: ConnectionMethod.Tune?

    init(credentials: AMQPReplayCredentials, virtualHost: String) {
        self.credentials = credentials
        self.virtualHost = virtualHost
    }

    /// The answer to a method the server sent on channel 0 during the handshake; a reason
    /// when the handshake cannot go on.
    mutating func receive(_ method: Method) -> Result<Step, ReplayHandshakeFailure> {
        switch method {
        case .connection(.start(let start)):
            let mechanisms = String(decoding: start.mechanisms, as: UTF8.self).split(separator: " ")
            guard mechanisms.contains("PLAIN") else {
                return .failure(.init(reason: "the server offers no PLAIN login (\(mechanisms.joined(separator: " ")))"))
            }
            let response = [0] + Array(credentials.user.utf8) + [0] + Array(credentials.password.utf8)
            let properties: FieldTable = ["product": .string("Shakedown replay"), "capabilities": .table(["consumer_cancel_notify": .boolean(true)])]
            return .success(.send([.connection(.startOk(.init(clientProperties: properties, mechanism: "PLAIN", response: response)))]))
        case .connection(.tune(let offered)):
            let agreed = ConnectionMethod.Tune(channelMax: offered.channelMax, frameMax: offered.frameMax, heartbeat: 0)
            tune = agreed
            return .success(.send([.connection(.tuneOk(agreed)), .connection(.open(.init(virtualHost: virtualHost)))]))
        case .connection(.openOk):
            let frameMax = tune?.frameMax ?? 0
            return .success(.done(frameMax: frameMax == 0 ? 131_072 : frameMax))
        case .connection(.close(let reason)):
            return .failure(.init(reason: "the server refused the connection: \(reason.replyCode) \(reason.replyText)"))
        default:
            return .failure(.init(reason: "unexpected \(method.name) during the connection handshake"))
        }
    }
}

struct ReplayHandshakeFailure: Error {
    var reason: String
}
