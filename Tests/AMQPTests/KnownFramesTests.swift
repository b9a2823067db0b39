import AMQP
import NIOCore
import Testing

@Suite struct KnownFramesTests {
    /// What pika 1.4.4 sent to a loopback server after its connection.start (captured with a
    /// Python socket server): the protocol header, then connection.start-ok for guest/guest.
    static let pikaCapture = hexBytes(
        """
        414d51500000090101000000000140000a000b0000011c0770726f64756374530000001a50696b6120507974686f6e20436c69656e74204c
        69627261727908706c6174666f726d530000000d507974686f6e20332e31312e370c6361706162696c6974696573460000008c1c61757468
        656e7469636174696f6e5f6661696c7572655f636c6f736574010a62617369632e6e61636b740112636f6e6e656374696f6e2e626c6f636b
        6564740116636f6e73756d65725f63616e63656c5f6e6f7469667974011a65786368616e67655f65786368616e67655f62696e64696e6773
        7401127075626c69736865725f636f6e6669726d7374010b696e666f726d6174696f6e53000000195365652068747470733a2f2f70696b61
        2e727466642e6f72670776657273696f6e5300000005312e342e3405504c41494e0000000c00677565737400677565737405656e5f5553ce
        """)

    static let pikaStartOk = ConnectionMethod.StartOk(
        clientProperties: [
            "product": .string("Pika Python Client Library"),
            "platform": .string("Python 3.11.7"),
            "capabilities": .table([
                "authentication_failure_close": .boolean(true), "basic.nack": .boolean(true),
                "connection.blocked": .boolean(true), "consumer_cancel_notify": .boolean(true),
                "exchange_exchange_bindings": .boolean(true), "publisher_confirms": .boolean(true),
            ]),
            "information": .string("See https://pika.rtfd.org"),
            "version": .string("1.4.4"),
        ], mechanism: "PLAIN", response: Array("\0guest\0guest".utf8), locale: "en_US")

    @Test func pikasStartOkDecodesAndReencodesToTheSameBytes() throws {
        let inbound = try decodeAll([Self.pikaCapture], mode: .server)
        let expectedFrame = Frame.method(channel: 0, .connection(.startOk(Self.pikaStartOk)))
        #expect(inbound == [.protocolHeader(.amqp091), .frame(expectedFrame)])
        #expect(try encoded(expectedFrame) == Array(Self.pikaCapture.dropFirst(8)))
    }

    @Test func heartbeatAndChannelOpenBytes() throws {
        #expect(try encoded(.heartbeat()) == [8, 0, 0, 0, 0, 0, 0, 0xCE])
        #expect(try encoded(.method(channel: 1, .channel(.open()))) == [1, 0, 1, 0, 0, 0, 5, 0, 20, 0, 10, 0, 0xCE])
    }

    @Test func tuneBytesFromTheSpecLayout() throws {
        let frame = Frame.method(channel: 0, .connection(.tune(.init(channelMax: 2047, frameMax: 131072, heartbeat: 60))))
        #expect(try encoded(frame) == [1, 0, 0, 0, 0, 0, 12, 0, 10, 0, 30, 0x07, 0xFF, 0, 2, 0, 0, 0, 60, 0xCE])
    }
}
