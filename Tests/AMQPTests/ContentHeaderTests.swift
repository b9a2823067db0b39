import AMQP
import NIOCore
import Testing

@Suite struct ContentHeaderTests {
    static let full = BasicProperties(
        contentType: "text/plain", contentEncoding: "gzip", headers: ["h": .int32(1)], deliveryMode: 2, priority: 5,
        correlationID: "c", replyTo: "r", expiration: "60000", messageID: "m", timestamp: 1_700_000_000, type: "t",
        userID: "guest", appID: "a", clusterID: "cl")

    @Test func allFourteenPropertiesRoundTripWithEveryFlagSet() throws {
        let header = ContentHeader(bodySize: 1234, properties: Self.full)
        var b = ByteBuffer()
        try header.encode(into: &b)
        #expect(b.getInteger(at: 12, as: UInt16.self) == 0b1111_1111_1111_1100)
        #expect(try ContentHeader.decode(payload: b) == header)
    }

    @Test func eachPropertyAloneSetsItsOwnFlagBit() throws {
        let setters: [(Int, (inout BasicProperties) -> Void)] = [
            (15, { $0.contentType = "x" }), (14, { $0.contentEncoding = "x" }), (13, { $0.headers = [:] }),
            (12, { $0.deliveryMode = 1 }), (11, { $0.priority = 1 }), (10, { $0.correlationID = "x" }),
            (9, { $0.replyTo = "x" }), (8, { $0.expiration = "1" }), (7, { $0.messageID = "x" }),
            (6, { $0.timestamp = 1 }), (5, { $0.type = "x" }), (4, { $0.userID = "x" }), (3, { $0.appID = "x" }),
            (2, { $0.clusterID = "x" }),
        ]
        for (bit, set) in setters {
            var p = BasicProperties()
            set(&p)
            let header = ContentHeader(bodySize: 0, properties: p)
            var b = ByteBuffer()
            try header.encode(into: &b)
            #expect(b.getInteger(at: 12, as: UInt16.self) == 1 << bit)
            #expect(try ContentHeader.decode(payload: b) == header)
        }
    }

    @Test func knownBytesOfAPersistentTextHeader() throws {
        let header = ContentHeader(bodySize: 5, properties: .init(contentType: "text/plain", deliveryMode: 2))
        var b = ByteBuffer()
        try header.encode(into: &b)
        let expected: [UInt8] = [0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0x90, 0x00, 10] + Array("text/plain".utf8) + [2]
        #expect(Array(buffer: b) == expected)
    }

    @Test func lowFlagBitsAreIgnoredAsRabbitMQDoes() throws {
        #expect(try ContentHeader.decode(payload: buffer([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0b11])).properties == BasicProperties())
    }

    @Test func propertiesThatOverrunOrTrailAreErrors() {
        // content-type flag set, length 9, only 1 byte
        #expect(throws: WireError.truncated(reading: "content-type", needed: 9, available: 1)) {
            try ContentHeader.decode(payload: buffer([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 9, 0x61]))
        }
        #expect(throws: WireError.trailingBytes(count: 1, after: "the properties")) {
            try ContentHeader.decode(payload: buffer([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]))
        }
        // headers table with a bad type letter
        #expect(throws: WireError.unknownFieldType(0x3F)) {
            try ContentHeader.decode(payload: buffer([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 3, 1, 0x61, 0x3F]))
        }
    }

    @Test func otherClassesKeepNoProperties() throws {
        let header = try ContentHeader.decode(payload: buffer([0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF]))
        #expect(header == ContentHeader(classID: 10, bodySize: 3))
    }
}
