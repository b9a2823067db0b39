import AMQP
import NIOCore
import NIOEmbedded

@testable import Broker

/// A broker node on an EmbeddedEventLoop with one connection on an EmbeddedChannel, driven
/// byte by byte as a client would, with the clock moved by hand.
final class EmbeddedClient {
    let loop: EmbeddedEventLoop
    let node: BrokerNode
    let channel: EmbeddedChannel
    private var received = ByteBuffer()

    convenience init(
        configuration: BrokerConfiguration = BrokerConfiguration(), access: AccessControl = AccessControl(), state: BrokerState? = nil
    ) throws {
        let loop = EmbeddedEventLoop()
        try self.init(node: BrokerNode(configuration: configuration, access: access, state: state, loop: loop), loop: loop)
    }

    /// A second connection to the same node (on the same loop).
    convenience init(sharing other: EmbeddedClient) throws {
        try self.init(node: other.node, loop: other.loop)
    }

    private init(node: BrokerNode, loop: EmbeddedEventLoop) throws {
        self.loop = loop
        self.node = node
        channel = EmbeddedChannel(loop: loop)
        try node.addHandlers(to: channel.pipeline.syncOperations)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5672)).wait()
    }

    /// The connection's handler on the server side.
    var handler: AMQPConnectionHandler {
        get throws { try channel.pipeline.syncOperations.handler(type: AMQPConnectionHandler.self) }
    }

    var isOpen: Bool { channel.isActive }

    func send(bytes: [UInt8]) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        channel.pipeline.fireChannelReadComplete()
    }

    func send(_ frames: Frame...) throws {
        var buffer = ByteBuffer()
        for frame in frames { try frame.encode(into: &buffer) }
        try channel.writeInbound(buffer)
        channel.pipeline.fireChannelReadComplete()
    }

    func send(_ method: Method, channel number: UInt16 = 0) throws {
        try send(.method(channel: number, method))
    }

    func send(_ command: Command) throws {
        var buffer = ByteBuffer()
        for frame in command.frames(frameMax: 131_072) { try frame.encode(into: &buffer) }
        try channel.writeInbound(buffer)
        channel.pipeline.fireChannelReadComplete()
    }

    /// Every whole frame the server wrote since the last call.
    func frames() throws -> [Frame] {
        while let chunk = try channel.readOutbound(as: ByteBuffer.self) { received.writeImmutableBuffer(chunk) }
        var frames: [Frame] = []
        while let type = received.getInteger(at: received.readerIndex, as: UInt8.self),
            let number = received.getInteger(at: received.readerIndex + 1, as: UInt16.self),
            let size = received.getInteger(at: received.readerIndex + 3, as: UInt32.self),
            received.readableBytes >= 8 + Int(size),
            let payload = received.getSlice(at: received.readerIndex + 7, length: Int(size))
        {
            received.moveReaderIndex(forwardBy: 8 + Int(size))
            frames.append(try Frame.decode(type: type, channel: number, payload: payload).get())
        }
        return frames
    }

    /// The methods among `frames()`.
    func methods() throws -> [Method] {
        try frames().compactMap { if case .method(_, let method) = $0 { method } else { nil } }
    }

    /// Raw bytes written (for protocol header replies).
    func rawOutput() throws -> [UInt8] {
        var bytes: [UInt8] = []
        while var chunk = try channel.readOutbound(as: ByteBuffer.self) { bytes += chunk.readBytes(length: chunk.readableBytes) ?? [] }
        return bytes
    }

    static func plain(_ user: String, _ password: String) -> [UInt8] { [0] + Array(user.utf8) + [0] + Array(password.utf8) }

    static let closeCapability: FieldTable = ["capabilities": .table(["authentication_failure_close": .boolean(true)])]

    /// Header, start-ok, tune-ok and open; returns what the server sent after the header.
    @discardableResult
    func handshake(
        user: String = "guest", password: String = "guest", clientProperties: FieldTable = EmbeddedClient.closeCapability,
        tune: ConnectionMethod.Tune = .init(channelMax: 2047, frameMax: 131_072, heartbeat: 0), vhost: String = "/"
    ) throws -> [Method] {
        try send(bytes: ProtocolHeader.amqp091.bytes)
        try send(.connection(.startOk(.init(clientProperties: clientProperties, mechanism: "PLAIN", response: Self.plain(user, password)))))
        try send(.connection(.tuneOk(tune)))
        try send(.connection(.open(.init(virtualHost: vhost))))
        return try methods()
    }

    func openChannel(_ number: UInt16 = 1) throws {
        try send(.channel(.open()), channel: number)
        _ = try methods()
    }
}
