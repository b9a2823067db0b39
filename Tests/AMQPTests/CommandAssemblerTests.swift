import AMQP
import NIOCore
import Testing

@Suite struct CommandAssemblerTests {
    static let publish = Method.basic(.publish(.init(exchange: "ex", routingKey: "rk")))

    @Test func methodHeaderAndBodiesBecomeOneCommandPerChannel() throws {
        var assembler = CommandAssembler()
        let a = Command(channel: 1, method: Self.publish, content: Content(body: ByteBuffer(string: "0123456789")))
        let b = Command(channel: 2, method: Self.publish, content: Content(body: ByteBuffer(string: "abcdef")))
        let framesA = a.frames(frameMax: 12)  // 4 bytes of body per frame
        let framesB = b.frames(frameMax: 12)
        #expect(framesA.count == 5)
        var done: [Command] = []
        // interleave the two channels
        for index in 0..<max(framesA.count, framesB.count) {
            for frames in [framesA, framesB] where index < frames.count {
                if let command = try assembler.append(frames[index]) { done.append(command) }
            }
        }
        #expect(done == [b, a])
        #expect(!assembler.isAssembling(channel: 1))
    }

    @Test func methodsWithoutContentAndEmptyBodiesNeedNoBodyFrame() throws {
        var assembler = CommandAssembler()
        #expect(try assembler.append(.method(channel: 1, .basic(.qosOk))) == Command(channel: 1, method: .basic(.qosOk)))
        let empty = Command(channel: 1, method: Self.publish, content: Content(body: ByteBuffer()))
        let frames = empty.frames(frameMax: 4096)
        #expect(frames.count == 2)
        #expect(try assembler.append(frames[0]) == nil)
        #expect(try assembler.append(frames[1]) == empty)
    }

    @Test func frameMaxZeroSendsTheBodyInOneFrame() {
        let command = Command(channel: 1, method: Self.publish, content: Content(body: ByteBuffer(repeating: 1, count: 100_000)))
        #expect(command.frames(frameMax: 0).count == 3)
        #expect(command.frames(frameMax: 131_072).count == 3)
        #expect(command.frames(frameMax: 4096).count == 2 + 25)  // 24 × 4088 + 1888
    }

    @Test func aMethodWhereAHeaderWasExpectedIs505WithRabbitMQsText() {
        var assembler = CommandAssembler()
        _ = try? assembler.append(.method(channel: 1, Self.publish))
        #expect(throws: UnexpectedFrame(channel: 1, text: "expected content header for class 60, got non content header frame instead", classID: 60, methodID: 40)) {
            try assembler.append(.method(channel: 1, .basic(.qos(.init(prefetchCount: 1)))))
        }
    }

    @Test func aHeaderOfAnotherClassOrWeightIsUnexpected() {
        var assembler = CommandAssembler()
        _ = try? assembler.append(.method(channel: 1, Self.publish))
        #expect(throws: UnexpectedFrame(channel: 1, text: "expected content header for class 60, got one for class 10 instead", classID: 60, methodID: 40)) {
            try assembler.append(.header(channel: 1, ContentHeader(classID: 10, bodySize: 1)))
        }
        var weighted = CommandAssembler()
        _ = try? weighted.append(.method(channel: 1, Self.publish))
        #expect(throws: UnexpectedFrame(channel: 1, text: "expected content header for class 60, got non content header frame instead", classID: 60, methodID: 40)) {
            try weighted.append(.header(channel: 1, ContentHeader(weight: 1, bodySize: 1)))
        }
    }

    @Test func aMethodWhereBodyWasExpectedIsUnexpected() throws {
        var assembler = CommandAssembler()
        _ = try assembler.append(.method(channel: 1, Self.publish))
        _ = try assembler.append(.header(channel: 1, ContentHeader(bodySize: 10)))
        _ = try assembler.append(.body(channel: 1, ByteBuffer(string: "abc")))
        #expect(throws: UnexpectedFrame(channel: 1, text: "expected content body, got non content body frame instead", classID: 60, methodID: 40)) {
            try assembler.append(.method(channel: 1, .basic(.ack(deliveryTag: 1))))
        }
    }

    @Test func contentWithoutAMethodIsUnexpected() {
        var assembler = CommandAssembler()
        #expect(throws: UnexpectedFrame(channel: 3, text: "expected method frame, got non method frame instead")) {
            try assembler.append(.body(channel: 3, ByteBuffer(string: "x")))
        }
        #expect(throws: UnexpectedFrame(channel: 0, text: "type 3, all octets = <<\"x\">>")) {
            try assembler.append(.body(channel: 0, ByteBuffer(string: "x")))
        }
    }

    @Test func heartbeatsBelongOnChannelZero() throws {
        var assembler = CommandAssembler()
        #expect(try assembler.append(.heartbeat()) == nil)
        #expect(throws: UnexpectedFrame(channel: 5, text: "type 8, all octets = <<>>")) { try assembler.append(.heartbeat(channel: 5)) }
    }

    @Test func resetForgetsAPartialCommand() throws {
        var assembler = CommandAssembler()
        _ = try assembler.append(.method(channel: 1, Self.publish))
        #expect(assembler.isAssembling(channel: 1))
        assembler.reset(channel: 1)
        #expect(try assembler.append(.method(channel: 1, .channel(.closeOk))) == Command(channel: 1, method: .channel(.closeOk)))
    }

    @Test func closeTextsAreCutAsRabbitMQCutsThem() {
        let reason = CloseReason.rabbit(.notFound, String(repeating: "x", count: 300), classID: 50, methodID: 10)
        #expect(reason.replyText.utf8.count == 255)
        #expect(reason.replyText.hasPrefix("NOT_FOUND - xxx"))
        #expect(reason.replyText.hasSuffix("x..."))
    }
}
