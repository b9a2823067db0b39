import AMQP
import Capture
import NIOCore
import Testing

@Suite struct AMQPStreamDecoderTests {
    static func bytes(_ frames: [Frame]) throws -> [UInt8] {
        var buffer = ByteBuffer()
        for frame in frames { try frame.encode(into: &buffer) }
        return Array(buffer.readableBytesView)
    }

    static let header = ProtocolHeader.amqp091.bytes
    static let publish = Command(
        channel: 1, method: .basic(.publish(.init(exchange: "x", routingKey: "k"))),
        content: Content(properties: BasicProperties(contentType: "text/plain"), body: ByteBuffer(string: String(repeating: "b", count: 50))))

    @Test func clientStreamAtEverySplit() throws {
        // The body in frames of 12 bytes (frame_max 20), and a channel-2 method between them.
        var frames = Self.publish.frames(frameMax: 20)
        frames.insert(.method(channel: 2, .channel(.open())), at: 3)
        frames.append(.heartbeat())
        frames.append(.method(channel: 0, .connection(.closeOk)))
        let stream = try Self.header + Self.bytes(frames)
        let (whole, disagreeing) = DecoderFeeding.splitsAgree(AMQPStreamDecoder(direction: .client), stream)
        #expect(disagreeing.isEmpty, "\(disagreeing)")
        #expect(whole.error == nil)
        #expect(
            whole.messages == [
                .amqpProtocolHeader(.amqp091), .amqp(Command(channel: 2, method: .channel(.open()))), .amqp(Self.publish), .amqpHeartbeat,
                .amqp(Command(channel: 0, method: .connection(.closeOk))),
            ])
        // The publish is placed at its method frame, before the channel-2 open that completed earlier.
        let channelOpenAt = try Int64(8 + Self.bytes(Array(frames.prefix(3))).count)
        #expect(whole.offsets == [0, channelOpenAt, 8, whole.offsets[3], whole.offsets[4]])
    }

    @Test func serverMayRefuseWithAProtocolHeader() {
        let decoded = DecoderFeeding.decode(AMQPStreamDecoder(direction: .server), ProtocolHeader.amqp091.bytes)
        #expect(decoded.messages == [.amqpProtocolHeader(.amqp091)] && decoded.error == nil)
    }

    @Test func aClientCaptureStartingAfterTheHandshakeIsReadAsFrames() throws {
        let decoded = try DecoderFeeding.decode(AMQPStreamDecoder(direction: .client), Self.bytes([.method(channel: 1, .basic(.ack(deliveryTag: 7)))]))
        #expect(decoded.messages == [.amqp(Command(channel: 1, method: .basic(.ack(deliveryTag: 7))))])
    }

    @Test func malformedStreamsStopWithTheirOffset() throws {
        func error(_ bytes: [UInt8], _ direction: AMQPStreamDecoder.Direction = .client) -> MessageDecodingError? {
            DecoderFeeding.decode(AMQPStreamDecoder(direction: direction), bytes).error
        }
        #expect(error(Array("GET / HTTP/1.1\r\n".utf8))?.reason.contains("expected the protocol header") == true)
        let ack = try Self.bytes([.method(channel: 1, .basic(.ack(deliveryTag: 1)))])
        var badEnd = ack
        badEnd[badEnd.count - 1] = 0
        #expect(error(Self.header + ack + badEnd) == MessageDecodingError(streamOffset: Int64(8 + ack.count), reason: "AMQP: frame of type 1 on channel 1 ends with 0, not 206 (0xCE)"))
        // Class 60 method 99 does not exist.
        let unknown: [UInt8] = [1, 0, 1, 0, 0, 0, 4, 0, 60, 0, 99, 0xCE]
        #expect(error(Self.header + unknown)?.reason == "AMQP: unknown method 60.99 on channel 1")
        // A body where a method belongs.
        let body = try Self.bytes([.body(channel: 1, ByteBuffer(string: "x"))])
        #expect(error(Self.header + body)?.reason.contains("unexpected frame on channel 1") == true)
        #expect(error([1, 0, 0, 0x7F, 0, 0, 0])?.reason.contains("more than the 16777216 accepted") == true)
        #expect(error([8, 0, 3, 0, 0, 0, 0, 0xCE], .server)?.reason.contains("heartbeat on channel 3") == true)
        // Body frames past the header's size: stopped there, not collected forever.
        let announced = Command(channel: 1, method: .basic(.publish(.init(exchange: "", routingKey: "q"))), content: Content(body: ByteBuffer(string: "ab")))
        var overrun = announced.frames(frameMax: 4096)
        overrun[overrun.count - 1] = .body(channel: 1, ByteBuffer(string: "abc"))
        #expect(error(try Self.header + Self.bytes(overrun))?.reason.contains("run 1 bytes past the content header's body size") == true)
    }

    @Test func aStreamEndingMidCommandOrMidFrame() throws {
        let frames = Self.publish.frames(frameMax: 20)
        let allButLast = try Self.header + Self.bytes(Array(frames.dropLast()))
        #expect(
            DecoderFeeding.decode(AMQPStreamDecoder(direction: .client), allButLast).error
                == MessageDecodingError(streamOffset: 8, reason: "AMQP: stream ended before the content of the command on channel 1 was complete"))
        let cut = Array(allButLast.prefix(allButLast.count - 3))
        #expect(DecoderFeeding.decode(AMQPStreamDecoder(direction: .client), cut).error?.reason.contains("bytes into a frame") == true)
    }
}
