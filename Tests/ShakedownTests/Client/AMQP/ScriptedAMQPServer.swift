import AMQP
import NIOCore
import NIOEmbedded
import Testing

@testable import Shakedown

/// The server side of an in-memory connection: reads the frames the client wrote and writes
/// the frames a test scripts, on a `NIOAsyncTestingChannel` (no socket).
struct ScriptedAMQPServer {
    let channel: NIOAsyncTestingChannel

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The client's next write, split into frames.
    func readFrames() async throws -> [Frame] {
        var bytes = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        var frames: [Frame] = []
        while bytes.readableBytes > 0 {
            guard let type = bytes.readInteger(as: UInt8.self), let channel = bytes.readInteger(as: UInt16.self),
                let size = bytes.readInteger(as: UInt32.self), let payload = bytes.readSlice(length: Int(size)),
                bytes.readInteger(as: UInt8.self) == FrameConstants.frameEnd
            else { throw Failure(description: "a truncated frame in the client's write") }
            frames.append(try Frame.decode(type: type, channel: channel, payload: payload).get())
        }
        return frames
    }

    /// The client's next write, which must be one method frame.
    func readMethod() async throws -> (channel: UInt16, method: Method) {
        let frames = try await readFrames()
        guard frames.count == 1, case .method(let channel, let method) = frames[0] else {
            throw Failure(description: "expected one method frame, got \(frames)")
        }
        return (channel, method)
    }

    func send(_ frames: Frame...) async throws {
        var bytes = ByteBuffer()
        for frame in frames { try frame.encode(into: &bytes) }
        try await channel.writeInbound(bytes)
    }

    func send(channel: UInt16, _ method: Method) async throws {
        try await send(.method(channel: channel, method))
    }

    /// A client connection through the whole handshake, as guest on `/`.
    static func connected() async throws -> (AMQPClientConnection, ScriptedAMQPServer) {
        let channel = NIOAsyncTestingChannel()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5672))
        let server = ScriptedAMQPServer(channel: channel)
        async let connecting = AMQPClientConnection.start(
            on: channel, address: "scripted", handshake: AMQPHandshake(user: "guest", password: "guest", vhost: "/"), timeout: .seconds(30))
        #expect(try await channel.waitForOutboundWrite(as: ByteBuffer.self) == ByteBuffer(bytes: ProtocolHeader.amqp091.bytes))
        try await server.send(channel: 0, .connection(.start(.init())))
        _ = try await server.readMethod()
        try await server.send(channel: 0, .connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60))))
        _ = try await server.readFrames()
        try await server.send(channel: 0, .connection(.openOk(knownHosts: "")))
        return (try await connecting, server)
    }

    /// channel.open on the client's side answered with open-ok.
    func openChannel(on connection: AMQPClientConnection) async throws -> AMQPClientChannel {
        async let opening = connection.openChannel()
        let (id, method) = try await readMethod()
        guard case .channel(.open) = method else { throw Failure(description: "expected channel.open, got \(method.name)") }
        try await send(channel: id, .channel(.openOk()))
        return try await opening
    }
}
