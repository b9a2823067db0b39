import AMQP
import Testing
@testable import BrokerManagement

@Suite struct EncodingTests {
    @Test func quotePlusAsRabbitMQ() {
        #expect(PercentEncoding.quotePlus("k 2/x") == "k+2%2Fx")
        #expect(PercentEncoding.quotePlus("a.b-c~d_e") == "a.b-c~d_e")
        #expect(PercentEncoding.quotePlus("é") == "%C3%A9")
    }

    @Test func pathSegmentsDecodeEscapedSlashes() {
        #expect(ManagementResponder.split("/api/queues/%2F/a%2Fb") == ["api", "queues", "/", "a/b"])
        #expect(ManagementResponder.split("/api/queues/%2") == nil)
        #expect(ManagementResponder.split("/api/queues/%zz") == nil)
        #expect(PercentEncoding.queryItems("if-unused=true&x=a+b") == ["if-unused": "true", "x": "a b"])
    }

    @Test func propertiesKeys() {
        #expect(PropertiesKey.make(routingKey: "", arguments: [:]) == "~")
        #expect(PropertiesKey.make(routingKey: "k~1", arguments: [:]) == "k%7E1")
        let hashed = PropertiesKey.make(routingKey: "k", arguments: ["a": .int64(1)])
        #expect(hashed.hasPrefix("k~"))
        #expect(hashed.count == 8)
        // Argument order does not change the key; values do.
        #expect(PropertiesKey.make(routingKey: "k", arguments: ["a": .int64(1), "b": .int64(2)])
            == PropertiesKey.make(routingKey: "k", arguments: ["b": .int64(2), "a": .int64(1)]))
        #expect(hashed != PropertiesKey.make(routingKey: "k", arguments: ["a": .int64(2)]))
    }

    @Test func base64URLAsRabbitMiscWithoutPadding() {
        // The oracle's key "k+2%2Fx~Ajat_Q" carries these four bytes.
        #expect(PropertiesKey.base64URL([0x02, 0x36, 0xAD, 0xFD]) == "Ajat_Q")
        #expect(PropertiesKey.base64URL([0xFB, 0xFF]) == "-_8")
        #expect(PropertiesKey.base64URL([0, 0, 0]) == "AAAA")
    }
}
