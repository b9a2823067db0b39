import AMQP
import Capture
import NIOCore
import RESP
import TestSupport
import Testing

/// Messages far larger than a segment, fed in MSS-sized pieces as a capture delivers them.
@Suite struct LargeMessageTests {
    static func pieces(_ count: Int, of size: Int = 1460) -> [Int] { Array(repeating: size, count: count / size + 1) }

    @Test func aBigBulkRequestAndABigArrayReply() {
        var generator = SeededGenerator(seed: 7)
        let value = generator.bytes(300_000)
        var request = ByteBuffer()
        request.writeRESPCommand([Array("SET".utf8), Array("k".utf8), value])
        request.writeRESPCommand(["GET", "k"])
        let requestBytes = Array(request.readableBytesView)
        let requests = DecoderFeeding.decode(RESPStreamDecoder(direction: .requests), requestBytes, pieces: Self.pieces(requestBytes.count))
        #expect(requests.error == nil)
        #expect(requests.messages == [.resp(.array([.bulk("SET"), .bulk("k"), .bulkString(value)])), .resp(.array([.bulk("GET"), .bulk("k")]))])
        #expect(requests.offsets == [0, Int64(requestBytes.count - 20)])

        var reply = "*20000\r\n"
        for index in 0..<20_000 { reply += index % 2 == 0 ? ":\(index)\r\n" : "$6\r\nv\(10_000 + index % 9_000)\r\n" }
        let replyBytes = [UInt8](text: reply + "+OK\r\n")
        let replies = DecoderFeeding.decode(RESPStreamDecoder(direction: .replies), replyBytes, pieces: Self.pieces(replyBytes.count))
        #expect(replies.error == nil)
        #expect(replies.messages.count == 2)
        if case .resp(.array(let items?)) = replies.messages.first {
            #expect(items.count == 20_000 && items[1] == .bulk("v10001") && items[19_998] == .integer(19_998))
        } else {
            Issue.record("not an array: \(String(describing: replies.messages.first))")
        }
    }

    @Test func aBigAMQPBodyInManyFrames() throws {
        var generator = SeededGenerator(seed: 8)
        let publish = Command(
            channel: 3, method: .basic(.publish(.init(routingKey: "big"))), content: Content(body: ByteBuffer(bytes: generator.bytes(500_000))))
        var stream = ByteBuffer(bytes: ProtocolHeader.amqp091.bytes)
        for frame in publish.frames(frameMax: 131_072) { try frame.encode(into: &stream) }
        let bytes = Array(stream.readableBytesView)
        let decoded = DecoderFeeding.decode(AMQPStreamDecoder(direction: .client), bytes, pieces: Self.pieces(bytes.count, of: 16_384))
        #expect(decoded.error == nil)
        #expect(decoded.messages == [.amqpProtocolHeader(.amqp091), .amqp(publish)])
    }

    @Test func aBodyOverTheLimitIsRefusedFromItsHeader() {
        let head = [UInt8](text: "POST / HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n")
        #expect(DecoderFeeding.decode(HTTPStreamDecoder(direction: .requests), head, finish: false).failed(at: 0, mentioning: "more than the 268435456 bytes accepted"))
    }
}
