import AMQP

/// The client side of the connection handshake as a pure state machine: protocol header
/// (sent by the handler), start → start-ok (PLAIN), tune → tune-ok + open, open-ok.
struct AMQPHandshake {
    /// What the server settled on, and what it said about itself.
    struct Outcome: Sendable {
        var tune: ConnectionMethod.Tune
        var serverProperties: FieldTable
    }

    enum Step {
        case send([Method])
        case done(Outcome)
    }

    private enum State {
        case awaitingStart
        case awaitingTune
        case awaitingOpenOk(ConnectionMethod.Tune)
        case done
    }

    /// RabbitMQ's own default frame_max; the smaller of this and the server's is used.
    static let clientFrameMax: UInt32 = 131_072

    /// RabbitMQ reads these to decide what it may send: without `authentication_failure_close`
    /// a refused login just drops the socket; without `consumer_cancel_notify` it never sends
    /// basic.cancel; confirms need `publisher_confirms`.
    static let capabilities: FieldTable = [
        "authentication_failure_close": .boolean(true),
        "publisher_confirms": .boolean(true),
        "basic.nack": .boolean(true),
        "consumer_cancel_notify": .boolean(true),
        "connection.blocked": .boolean(true),
    ]

    let user: String
    let password: String
    let vhost: String
    private var state = State.awaitingStart
    private var serverProperties: FieldTable = [:]

    init(user: String, password: String, vhost: String) {
        self.user = user
        self.password = password
        self.vhost = vhost
    }

    var isDone: Bool { if case .done = state { true } else { false } }

    /// The reply to a method the server sent on channel 0 during the handshake.
    mutating func receive(_ method: Method) throws(AMQPClientError) -> Step {
        switch (state, method) {
        case (.awaitingStart, .connection(.start(let start))):
            let mechanisms = String(decoding: start.mechanisms, as: UTF8.self).split(separator: " ")
            guard mechanisms.contains("PLAIN") else {
                throw .protocolError("the server offers no PLAIN login (mechanisms: \(mechanisms.joined(separator: " ")))")
            }
            serverProperties = start.serverProperties
            state = .awaitingTune
            let properties: FieldTable = [
                "product": .string("Shakedown"), "platform": .string("Swift"), "capabilities": .table(Self.capabilities),
            ]
            let response = [0] + Array(user.utf8) + [0] + Array(password.utf8)
            return .send([.connection(.startOk(.init(clientProperties: properties, mechanism: "PLAIN", response: response)))])
        case (.awaitingTune, .connection(.tune(let offered))):
            // Heartbeats off: the harness's connections are short-lived and watched by their
            // own deadlines.
            let tune = ConnectionMethod.Tune(
                channelMax: offered.channelMax == 0 ? UInt16.max : offered.channelMax,
                frameMax: Self.smaller(offered.frameMax, Self.clientFrameMax), heartbeat: 0)
            state = .awaitingOpenOk(tune)
            return .send([.connection(.tuneOk(tune)), .connection(.open(.init(virtualHost: vhost)))])
        case (.awaitingOpenOk(let tune), .connection(.openOk)):
            state = .done
            return .done(Outcome(tune: tune, serverProperties: serverProperties))
        case (_, .connection(.close(let reason))):
            throw .connectionClosed(reason)
        default:
            throw .protocolError("unexpected \(method.name) during the connection handshake")
        }
    }

    /// 0 means "no limit" on either side.
    static func smaller(_ a: UInt32, _ b: UInt32) -> UInt32 {
        a == 0 ? b : b == 0 ? a : min(a, b)
    }
}
