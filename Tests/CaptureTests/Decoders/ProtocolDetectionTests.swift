import Capture
import NIOCore
import Testing

@Suite struct ProtocolDetectionTests {
    static func detect(_ text: String, port: UInt16? = nil, ended: Bool = false) -> ProtocolDetection.Outcome {
        ProtocolDetection.detect(clientBytes: ByteBuffer(string: text), serverPort: port, streamEnded: ended)
    }

    @Test func decidedFromTheFirstBytes() {
        #expect(Self.detect("*1\r\n") == .detected(.resp))
        #expect(Self.detect("*") == .detected(.resp))
        #expect(Self.detect("PING\r\n") == .detected(.resp))
        #expect(Self.detect("set a b\n") == .detected(.resp))
        #expect(Self.detect("AMQP\u{0}\u{0}\u{9}\u{1}") == .detected(.amqp))
        #expect(Self.detect("AMQP") == .detected(.amqp))
        #expect(Self.detect("GET / HTTP/1.1\r\n", port: 6379) == .detected(.http))
        #expect(Self.detect("DELETE /x?y=1 HTTP/1.") == .detected(.http))
    }

    @Test func waitsWhileTheBytesFitMoreThanOne() {
        for prefix in ["", "A", "AMQ", "GET", "GET ", "GET /index", "GET / HTTP/", "PING"] {
            #expect(Self.detect(prefix) == .needMoreBytes, "\(prefix)")
        }
    }

    @Test func unknownBytesAndPortHintsAsTieBreakers() {
        #expect(Self.detect("\u{16}\u{3}\u{1}\u{2}\u{0}") == .unknown)  // a TLS client hello
        #expect(Self.detect("{\"json\": 1}\n") == .unknown)
        #expect(Self.detect("PING\u{0}\r\n") == .unknown)
        #expect(Self.detect("GET / HTTP/1.1", port: 5672, ended: true) == .detected(.http))
        #expect(Self.detect("PIN", port: 7001, ended: true) == .detected(.resp))
        #expect(Self.detect("PIN", port: 12345, ended: true) == .unknown)
        // An AMQP capture that began after the handshake: a method frame first.
        #expect(ProtocolDetection.detect(clientBytes: ByteBuffer(bytes: [1, 0, 1, 0, 0, 0, 4]), serverPort: 5672) == .detected(.amqp))
        #expect(ProtocolDetection.detect(clientBytes: ByteBuffer(bytes: [1, 0, 1, 0, 0, 0, 4]), serverPort: 6379) == .unknown)
    }
}
