import AMQP
import Foundation
import NIOCore
import NIOPosix

/// A test AMQP server that knows just enough: the handshake, channel open/close, queue.declare
/// (server-named `amq.gen-N` when asked for ""), basic.get (one message "hello" per get, then
/// get-empty; delivery tags count per channel) and acks, which it records with their channel.
/// basic.consume is answered with consume-ok and `deliveries` basic.deliver ("hello" each); a
/// passive declare of an undeclared queue, or a get from one, closes the channel with 404, and
/// the channel then ignores everything until the client's close-ok, as RabbitMQ's does. A
/// declare of the queue `kill-connection` closes the connection (320 CONNECTION_FORCED).
final class TinyAMQPBroker: Sendable {
    let channel: any Channel
    private let recorded = BrokerLog()
    var port: Int { channel.localAddress?.port ?? 0 }
    /// What clients sent, as `channel method detail` lines.
    var log: [String] { recorded.lines }

    init(group: any EventLoopGroup, messages: Int = 1, deliveries: Int = 1) throws {
        let recorded = self.recorded
        channel = try ServerBootstrap(group: group)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(AMQPFrameDecoder(mode: .server)))
                    try child.pipeline.syncOperations.addHandler(Handler(recorded: recorded, messages: messages, deliveries: deliveries))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func stop() { try? channel.close().wait() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AMQPInbound
        typealias OutboundOut = ByteBuffer
        let recorded: BrokerLog
        var messages: Int
        let deliveries: Int
        var assembler = CommandAssembler()
        var queues = 0
        var consumers = 0
        var declared: Set<String> = []
        var deliveryTags: [UInt16: UInt64] = [:]
        /// Channels closed by the broker, waiting for the client's close-ok.
        var closing: Set<UInt16> = []

        init(recorded: BrokerLog, messages: Int, deliveries: Int) {
            self.recorded = recorded
            self.messages = messages
            self.deliveries = deliveries
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .protocolHeader:
                send(context, 0, .connection(.start(.init(serverProperties: [:], mechanisms: Array("PLAIN".utf8), locales: Array("en_US".utf8)))))
            case .frame(let frame):
                guard let command = try? assembler.append(frame) else { return }
                handle(context, command)
            case .error:
                context.close(promise: nil)
            }
        }

        private func handle(_ context: ChannelHandlerContext, _ command: Command) {
            let ch = command.channel
            recorded.append("\(ch) \(command.method.name) \(AMQPFieldsProbe.detail(command.method))")
            if closing.contains(ch) {
                if case .channel(.closeOk) = command.method { closing.remove(ch) }
                return
            }
            switch command.method {
            case .connection(.startOk): send(context, 0, .connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60))))
            case .connection(.open): send(context, 0, .connection(.openOk(knownHosts: "")))
            case .connection(.close): send(context, 0, .connection(.closeOk))
            case .channel(.open): send(context, ch, .channel(.openOk()))
            case .channel(.close): send(context, ch, .channel(.closeOk))
            case .queue(.declare(let d)) where d.queue == "kill-connection":
                send(context, 0, .connection(.close(.init(replyCode: 320, replyText: "CONNECTION_FORCED - test", classID: 50, methodID: 10))))
            case .queue(.declare(let d)) where d.passive && !declared.contains(d.queue):
                closeChannel(context, ch, "NOT_FOUND - no queue '\(d.queue)'", classID: 50, methodID: 10)
            case .queue(.declare(let d)):
                var name = d.queue
                if name.isEmpty {
                    queues += 1
                    name = "amq.gen-\(queues)"
                }
                declared.insert(name)
                send(context, ch, .queue(.declareOk(.init(queue: name, messageCount: UInt32(messages), consumerCount: 0))))
            case .basic(.get(let g)):
                guard declared.contains(g.queue) else {
                    closeChannel(context, ch, "NOT_FOUND - no queue '\(g.queue)'", classID: 60, methodID: 70)
                    return
                }
                if messages > 0 {
                    messages -= 1
                    deliveryTags[ch, default: 0] += 1
                    let getOk = BasicMethod.GetOk(deliveryTag: deliveryTags[ch, default: 0], exchange: "", routingKey: g.queue, messageCount: UInt32(messages))
                    send(context, Command(channel: ch, method: .basic(.getOk(getOk)), content: Content(body: ByteBuffer(string: "hello"))))
                } else {
                    send(context, ch, .basic(.getEmpty()))
                }
            case .basic(.consume(let c)):
                consumers += 1
                let tag = c.consumerTag.isEmpty ? "amq.ctag-\(consumers)" : c.consumerTag
                send(context, ch, .basic(.consumeOk(consumerTag: tag)))
                for _ in 0..<deliveries {
                    deliveryTags[ch, default: 0] += 1
                    let deliver = BasicMethod.Deliver(consumerTag: tag, deliveryTag: deliveryTags[ch, default: 0], exchange: "", routingKey: c.queue)
                    send(context, Command(channel: ch, method: .basic(.deliver(deliver)), content: Content(body: ByteBuffer(string: "hello"))))
                }
            default: break
            }
        }

        private func closeChannel(_ context: ChannelHandlerContext, _ channel: UInt16, _ text: String, classID: UInt16, methodID: UInt16) {
            closing.insert(channel)
            send(context, channel, .channel(.close(.init(replyCode: 404, replyText: text, classID: classID, methodID: methodID))))
        }

        private func send(_ context: ChannelHandlerContext, _ channel: UInt16, _ method: AMQP.Method) {
            send(context, Command(channel: channel, method: method))
        }

        private func send(_ context: ChannelHandlerContext, _ command: Command) {
            var buffer = context.channel.allocator.buffer(capacity: 256)
            for frame in command.frames(frameMax: 131_072) { try? frame.encode(into: &buffer) }
            context.writeAndFlush(NIOAny(buffer), promise: nil)
        }
    }
}

/// The detail the broker's log keeps per method: what the tests check.
enum AMQPFieldsProbe {
    static func detail(_ method: AMQP.Method) -> String {
        switch method {
        case .basic(.get(let g)): "queue=\(g.queue)"
        case .basic(.ack(let tag, _)): "delivery-tag=\(tag)"
        case .connection(.open(let o)): "vhost=\(o.virtualHost)"
        case .connection(.startOk(let s)): "response=\(s.response.map { $0 == 0 ? "|" : String(UnicodeScalar($0)) }.joined())"
        default: ""
        }
    }
}

/// The broker's record of what clients sent, written on its loop and read by the test.
final class BrokerLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) { lock.withLock { stored.append(line) } }
}
