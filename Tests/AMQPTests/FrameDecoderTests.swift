import AMQP
import NIOCore
import NIOEmbedded
import Testing

@Suite struct FrameDecoderTests {
    static let openOk = Frame.method(channel: 0, .connection(.openOk(knownHosts: "")))

    @Test func serverModeReadsTheProtocolHeaderThenFramesEvenByteByByte() throws {
        let publish = Command(
            channel: 1, method: .basic(.publish(.init(exchange: "", routingKey: "q"))),
            content: Content(properties: .init(deliveryMode: 2), body: ByteBuffer(string: "hello world")))
        var bytes = ProtocolHeader.amqp091.bytes
        for frame in publish.frames(frameMax: 13) + [.heartbeat()] { bytes += try encoded(frame) }
        let whole = try decodeAll([bytes], mode: .server)
        let oneByOne = try decodeAll(bytes.map { [$0] }, mode: .server)
        let expected: [AMQPInbound] = [.protocolHeader(.amqp091)] + publish.frames(frameMax: 13).map { .frame($0) } + [.frame(.heartbeat())]
        #expect(whole == expected)
        #expect(oneByOne == expected)
    }

    @Test func protocolHeadersNegotiateAsRabbitMQ310() throws {
        #expect(ProtocolHeader.amqp091.negotiation == .accept(.amqp091))
        #expect(ProtocolHeader(bytes: Array("AMQP".utf8) + [1, 1, 0, 9]).negotiation == .accept(.amqp09))
        #expect(ProtocolHeader(bytes: Array("AMQP".utf8) + [0, 0, 9, 2]).negotiation == .refuse(reply: .amqp091))
        #expect(ProtocolHeader(bytes: Array("AMQP".utf8) + [3, 1, 0, 0]).negotiation == .refuse(reply: .amqp091))
        #expect(ProtocolHeader(bytes: Array("GET / HT".utf8)).negotiation == .refuse(reply: .amqp091))
    }

    @Test func garbageInsteadOfTheHeaderIsReportedAndNothingMoreIsRead() throws {
        let garbage = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        let inbound = try decodeAll([garbage], mode: .server)
        #expect(inbound == [.protocolHeader(ProtocolHeader(bytes: Array(garbage.prefix(8))))])
    }

    @Test func clientModeReadsFramesFromTheStart() throws {
        #expect(try decodeAll([try encoded(Self.openOk)], mode: .client) == [.frame(Self.openOk)])
    }

    @Test func aBadFrameEndIsFatal() throws {
        let bad = rawFrame(type: 1, channel: 0, payload: [0, 10, 0, 41, 0], end: 0x41)
        let inbound = try decodeAll([bad + (try encoded(Self.openOk))], mode: .client)
        #expect(inbound == [.error(.badFrameEnd(type: 1, channel: 0, octet: 0x41, payload: [0, 10, 0, 41, 0]))])
        #expect(inbound.first.flatMap { if case .error(let e) = $0 { e.rabbitReply } else { nil } }
            == CloseReason(replyCode: 501, replyText: "FRAME_ERROR - type 1, all octets = <<0,10,0,41,0>>: {invalid_frame_end_marker,65}"))
    }

    @Test func framesOverFrameMaxAreRefusedFromTheirHeaderAlone() throws {
        // Before tune-ok RabbitMQ allows 4096 payload bytes (frame_max minus 8, plus 8 of slack).
        let atLimit = rawFrame(type: 3, channel: 1, payload: Array(repeating: 7, count: 4096))
        #expect(try decodeAll([atLimit], mode: .server, limit: FrameMaxLimit()).count == 1)
        let header: [UInt8] = [3, 0, 1, 0, 0, 0x10, 0x01]  // size 4097, no payload yet
        let inbound = try decodeAll([ProtocolHeader.amqp091.bytes, header], mode: .server)
        let error = FrameError.frameTooLarge(type: 3, channel: 1, size: 4097, limit: 4088)
        #expect(inbound == [.protocolHeader(.amqp091), .error(error)])
        #expect(error.isFatal)
        #expect(error.rabbitReply?.replyText == "FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,4097,4088}")
    }

    @Test func theLimitCanBeRaisedAfterTuneOk() throws {
        let limit = FrameMaxLimit()
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(AMQPFrameDecoder(mode: .client, limit: limit)))
        let big = rawFrame(type: 3, channel: 1, payload: Array(repeating: 1, count: 10_000))
        limit.frameMax = 131_072
        try channel.writeInbound(ByteBuffer(bytes: big))
        #expect(try channel.readInbound(as: AMQPInbound.self) == .frame(.body(channel: 1, ByteBuffer(bytes: Array(repeating: 1, count: 10_000)))))
        limit.frameMax = 0
        try channel.writeInbound(ByteBuffer(bytes: rawFrame(type: 3, channel: 1, payload: Array(repeating: 1, count: 200_000))))
        #expect(try channel.readInbound(as: AMQPInbound.self) != nil)
        _ = try channel.finish()
    }

    @Test func unknownFrameTypesAndMethodsAreReportedAndReadingGoesOn() throws {
        let unknownType = rawFrame(type: 5, channel: 2, payload: [1, 2])
        let unknownMethod = rawFrame(type: 1, channel: 2, payload: [0, 60, 0, 99])
        let bigHeartbeat = rawFrame(type: 8, channel: 0, payload: [0])
        let inbound = try decodeAll([unknownType + unknownMethod + bigHeartbeat + (try encoded(Self.openOk))], mode: .client)
        #expect(inbound == [
            .error(.unknownFrame(type: 5, channel: 2, payload: [1, 2])),
            .error(.unknownMethod(channel: 2, classID: 60, methodID: 99)),
            .error(.unknownFrame(type: 8, channel: 0, payload: [0])),
            .frame(Self.openOk),
        ])
        #expect(FrameError.unknownFrame(type: 5, channel: 2, payload: [1, 2]).rabbitReply?.replyText == "FRAME_ERROR - type 5, all octets = <<1,2>>: unknown_frame")
        #expect(FrameError.unknownMethod(channel: 2, classID: 60, methodID: 99).rabbitReply == nil)
    }

    @Test func malformedArgumentsGiveRabbitMQsCannotDecode() throws {
        // basic.qos missing its bit octet
        let qos = rawFrame(type: 1, channel: 1, payload: [0, 60, 0, 10, 0, 0, 0, 0, 0, 1])
        let inbound = try decodeAll([qos], mode: .client)
        let error = FrameError.malformedMethod(channel: 1, classID: 60, methodID: 10, fields: [0, 0, 0, 0, 0, 1], reason: .truncated(reading: "global", needed: 1, available: 0))
        #expect(inbound == [.error(error)])
        #expect(error.rabbitReply == CloseReason(replyCode: 501, replyText: "FRAME_ERROR - cannot decode <<0,0,0,0,0,1>>", classID: 60, methodID: 10))
        // a bad type letter inside a table: RabbitMQ's parser crashes instead of answering
        let declare: [UInt8] = [0, 50, 0, 10, 0, 0, 1, 0x71, 0, 0, 0, 0, 4, 1, 0x61, 0x5A, 0]
        let badTable = try decodeAll([rawFrame(type: 1, channel: 1, payload: declare)], mode: .client)
        guard case .error(let tableError) = badTable.first, case .malformedMethod(_, 50, 10, _, .unknownFieldType(0x5A)) = tableError else {
            Issue.record("expected a malformed queue.declare, got \(badTable)")
            return
        }
        #expect(tableError.rabbitReply == nil)
    }

    @Test func aStreamEndingInsideAFrameIsTruncated() throws {
        let frame = try encoded(Self.openOk)
        #expect(try decodeAll([Array(frame.dropLast(2))], mode: .client) == [.error(.truncated(buffered: frame.count - 2))])
        #expect(try decodeAll([Array("AMQ".utf8)], mode: .server) == [.error(.truncated(buffered: 3))])
    }

    @Test func encoderWritesHeadersAndFramesInOrder() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(AMQPFrameEncoder()))
        try channel.writeOutbound(AMQPOutbound.protocolHeader(.amqp091))
        try channel.writeOutbound(AMQPOutbound.frames([Self.openOk, .heartbeat()]))
        var out: [UInt8] = []
        while let b = try channel.readOutbound(as: ByteBuffer.self) { out += Array(buffer: b) }
        #expect(out == ProtocolHeader.amqp091.bytes + (try encoded(Self.openOk)) + [8, 0, 0, 0, 0, 0, 0, 0xCE])
        _ = try channel.finish()
    }
}
