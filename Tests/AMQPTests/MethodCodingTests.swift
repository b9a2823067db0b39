import AMQP
import NIOCore
import Testing

@Suite struct MethodCodingTests {
    /// Class and method ids from the reference (§2.1, amqp-rabbitmq-0.9.1.json).
    static let referenceIDs: Set<[UInt16]> = {
        let table: [UInt16: [UInt16]] = [
            10: [10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61, 70, 71],
            20: [10, 11, 20, 21, 40, 41],
            40: [10, 11, 20, 21, 30, 31, 40, 51],
            50: [10, 11, 20, 21, 30, 31, 40, 41, 50, 51],
            60: [10, 11, 20, 21, 30, 31, 40, 50, 60, 70, 71, 72, 80, 90, 100, 110, 111, 120],
            85: [10, 11],
            90: [10, 11, 20, 21, 30, 31],
        ]
        return Set(table.flatMap { classID, methods in methods.map { [classID, $0] } })
    }()

    @Test func samplesCoverEveryMethodOfTheReferenceWithItsIDs() {
        let ids = Set(sampleMethods.map { [$0.classID, $0.methodID] })
        #expect(ids == Self.referenceIDs)
        #expect(sampleMethods.count == Self.referenceIDs.count)
        for id in Self.referenceIDs { #expect(Method.name(classID: id[0], methodID: id[1]) != nil) }
        #expect(Method.name(classID: 40, methodID: 41) == nil)
        #expect(Method.basic(.publish(.init(routingKey: "k"))).name == "basic.publish")
        #expect(Method.exchange(.unbindOk).name == "exchange.unbind_ok")
    }

    @Test(arguments: sampleMethods) func everyMethodRoundTrips(method: Method) throws {
        let payload = try methodPayload(method)
        #expect(try Method.decode(payload: payload) == method)
        // And as a whole frame through the decoder.
        let frame = Frame.method(channel: 3, method)
        let inbound = try decodeAll([try encoded(frame)], mode: .client)
        #expect(inbound == [.frame(frame)])
    }

    @Test func contentBearingMethodsAreTheFourOfBasic() {
        let withContent = sampleMethods.filter(\.hasContent).map(\.name)
        #expect(withContent == ["basic.publish", "basic.return", "basic.deliver", "basic.get_ok"])
    }

    @Test func unknownClassOrMethodCarriesTheIDs() {
        for (classID, methodID): (UInt16, UInt16) in [(40, 41), (99, 10), (60, 130)] {
            var b = ByteBuffer()
            b.writeInteger(classID)
            b.writeInteger(methodID)
            #expect(throws: Method.DecodingError.unknownMethod(classID: classID, methodID: methodID)) {
                try Method.decode(payload: b)
            }
        }
    }

    @Test func trailingBytesAndTruncatedArgumentsAreMalformed() throws {
        var long = try methodPayload(.basic(.ack(deliveryTag: 1, multiple: false)))
        long.writeInteger(UInt8(0))
        #expect(throws: Method.DecodingError.malformedArguments(classID: 60, methodID: 80, reason: .trailingBytes(count: 1, after: "the arguments"))) {
            try Method.decode(payload: long)
        }
        let full = try methodPayload(.queue(.declareOk(.init(queue: "q"))))
        let short = full.getSlice(at: 0, length: full.readableBytes - 2)!
        #expect(throws: Method.DecodingError.malformedArguments(classID: 50, methodID: 11, reason: .truncated(reading: "consumer-count", needed: 4, available: 2))) {
            try Method.decode(payload: short)
        }
    }

    @Test func shortStringsMustBeUTF8OutsideContentMethods() throws {
        // queue.declare with queue name 0xFF: RabbitMQ's assert_utf8 refuses it.
        let bad: [UInt8] = [0, 50, 0, 10, 0, 0, 1, 0xFF, 0, 0, 0, 0, 0]
        #expect(throws: Method.DecodingError.malformedArguments(classID: 50, methodID: 10, reason: .malformedUTF8(reading: "queue"))) {
            try Method.decode(payload: buffer(bad))
        }
        // basic.publish is not checked: the byte becomes U+FFFD.
        let publish: [UInt8] = [0, 60, 0, 40, 0, 0, 1, 0xFF, 1, 0x6B, 0]
        #expect(try Method.decode(payload: buffer(publish)) == .basic(.publish(.init(exchange: "\u{FFFD}", routingKey: "k"))))
    }

    @Test func shortStringsOver255BytesAreRefusedWhenEncoding() {
        let method = Method.queue(.declare(.init(queue: String(repeating: "q", count: 256))))
        #expect(throws: WireError.shortStringTooLong(length: 256)) { try methodPayload(method) }
        #expect((try? methodPayload(.queue(.declare(.init(queue: String(repeating: "q", count: 255)))))) != nil)
    }

    @Test func missingIDsMakeAnUnknownFrame() throws {
        let inbound = try decodeAll([rawFrame(type: 1, channel: 1, payload: [0, 10, 0])], mode: .client)
        #expect(inbound == [.error(.unknownFrame(type: 1, channel: 1, payload: [0, 10, 0]))])
    }
}
