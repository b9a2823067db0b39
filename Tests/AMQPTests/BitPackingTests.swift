import AMQP
import NIOCore
import Testing

@Suite struct BitPackingTests {
    @Test func consecutiveBitsShareAnOctetLeastSignificantFirst() throws {
        // exchange.declare: passive, durable, auto-delete, internal, no-wait in one octet.
        let declare = Method.exchange(.declare(.init(exchange: "e", type: "t", passive: true, durable: false, autoDelete: true, internal: false, noWait: true)))
        let bytes = Array(buffer: try methodPayload(declare))
        // ids, ticket, "e", "t", bits, empty table
        #expect(bytes == [0, 40, 0, 10, 0, 0, 1, 0x65, 1, 0x74, 0b1_0101, 0, 0, 0, 0])
        let nack = Array(buffer: try methodPayload(.basic(.nack(deliveryTag: 1, multiple: false, requeue: true))))
        #expect(nack.suffix(1) == [0b10])
    }

    @Test func bitsSplitIntoOctetsOfEight() throws {
        var b = ByteBuffer()
        let bits = (0..<10).map { $0 % 3 == 0 }  // 1001001001
        b.writeBits(bits)
        #expect(Array(buffer: b) == [0b0100_1001, 0b10])
        var r = WireReader(b)
        #expect(try r.readBits(10, "bits") == bits)
    }

    @Test func unusedHighBitsAreIgnoredOnRead() throws {
        // basic.ack with multiple set and junk in the other bits, as RabbitMQ tests bit 0 only.
        let payload: [UInt8] = [0, 60, 0, 80, 0, 0, 0, 0, 0, 0, 0, 7, 0b1111_1111]
        #expect(try Method.decode(payload: buffer(payload)) == .basic(.ack(deliveryTag: 7, multiple: true)))
    }
}
