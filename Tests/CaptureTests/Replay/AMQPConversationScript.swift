import AMQP
import Capture
import NIOCore

/// A captured AMQP client connection as a test writes it: the handshake (virtual host
/// `/captured`), the test's commands, then connection.close and the end.
struct AMQPConversationScript {
    private var script = ConversationScript()
    /// Where `pause()` split the capture: indices into `messages` (`AMQPSessionHarness`).
    private(set) var pauses: [Int] = []

    init() {
        script.open(1, serverPort: 5672, protocol: .amqp)
        script.message(1, .clientToServer, .amqpProtocolHeader(.amqp091))
        server(0, .connection(.start(.init())))
        client(0, .connection(.startOk(.init(response: Array("\0captured\0secret".utf8)))))
        server(0, .connection(.tune(.init(channelMax: 10, frameMax: 4096, heartbeat: 30))))
        client(0, .connection(.tuneOk(.init(channelMax: 10, frameMax: 4096, heartbeat: 30))))
        client(0, .connection(.open(.init(virtualHost: "/captured"))))
        server(0, .connection(.openOk(knownHosts: "")))
    }

    mutating func client(_ channel: UInt16, _ method: AMQP.Method) {
        script.message(1, .clientToServer, .amqp(Command(channel: channel, method: method)))
    }

    mutating func server(_ channel: UInt16, _ method: AMQP.Method, body: String? = nil) {
        let content = body.map { Content(body: ByteBuffer(string: $0)) }
        script.message(1, .serverToClient, .amqp(Command(channel: channel, method: method, content: content)))
    }

    /// The reading thread hands what came before to the session, then waits (`AMQPSessionHarness`).
    mutating func pause() {
        pauses.append(script.events.filter { if case .message = $0 { true } else { false } }.count)
    }

    /// The capture ending without the client's connection.close (the server closed it).
    var ended: ConversationScript {
        var copy = self
        copy.script.close(1)
        return copy.script
    }

    /// The capture with its close: connection.close, close-ok, the end of the connection.
    var closed: ConversationScript {
        var copy = self
        copy.client(0, .connection(.close(.init(replyCode: 200, replyText: "bye"))))
        copy.server(0, .connection(.closeOk))
        copy.script.close(1)
        return copy.script
    }
}
