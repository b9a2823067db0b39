import AMQP
import NIOCore
import Testing

@Suite struct FieldValueCodingTests {
    /// Each value with the bytes RabbitMQ's generator writes for it.
    static let cases: [(FieldValue, [UInt8])] = [
        (.boolean(true), [0x74, 1]),
        (.int8(-1), [0x62, 0xFF]),
        (.uint8(200), [0x42, 200]),
        (.int16(-2), [0x73, 0xFF, 0xFE]),
        (.uint16(65534), [0x75, 0xFF, 0xFE]),
        (.int32(-3), [0x49, 0xFF, 0xFF, 0xFF, 0xFD]),
        (.uint32(0xFFFF_FFFD), [0x69, 0xFF, 0xFF, 0xFF, 0xFD]),
        (.int64(-4), [0x6C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC]),
        (.float(1.0), [0x66, 0x3F, 0x80, 0, 0]),
        (.double(1.0), [0x64, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0]),
        (.decimal(scale: 2, value: 5), [0x44, 2, 0, 0, 0, 5]),
        (.string("ab"), [0x53, 0, 0, 0, 2, 0x61, 0x62]),
        (.bytes([9]), [0x78, 0, 0, 0, 1, 9]),
        (.array([.boolean(false), .void]), [0x41, 0, 0, 0, 3, 0x74, 0, 0x56]),
        (.timestamp(1), [0x54, 0, 0, 0, 0, 0, 0, 0, 1]),
        (.table(["a": .uint8(1)]), [0x46, 0, 0, 0, 4, 1, 0x61, 0x42, 1]),
        (.void, [0x56]),
    ]

    @Test func everyTypeLetterHasRabbitMQsBytesAndRoundTrips() throws {
        for (value, bytes) in Self.cases {
            var b = ByteBuffer()
            try b.writeFieldValue(value)
            #expect(Array(buffer: b) == bytes, "\(value)")
            var r = WireReader(b)
            #expect(try r.readFieldValue("value") == value)
            #expect(r.remaining == 0)
        }
    }

    @Test func aTableOfEveryTypeRoundTripsInOrder() throws {
        var b = ByteBuffer()
        try b.writeFieldTable(everyTable)
        var r = WireReader(b)
        let decoded = try r.readTable("table")
        #expect(decoded == everyTable)
        #expect(decoded.entries.map(\.name) == everyTable.entries.map(\.name))
    }

    @Test func capitalLIsReadAsASignedLong() throws {
        var r = WireReader(buffer([0x4C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(try r.readFieldValue("value") == .int64(-1))
    }

    @Test func unknownTypeLetterIsAnError() {
        // table of one entry "a" with type 'Z'
        var r = WireReader(buffer([0, 0, 0, 4, 1, 0x61, 0x5A, 0]))
        #expect(throws: WireError.unknownFieldType(0x5A)) { try r.readTable("arguments") }
    }

    @Test func aTableLengthLongerThanThePayloadIsTruncation() {
        var r = WireReader(buffer([0, 0, 0, 9, 1, 0x61, 0x56]))
        #expect(throws: WireError.truncated(reading: "arguments", needed: 9, available: 3)) { try r.readTable("arguments") }
    }

    @Test func aTableLengthShorterThanItsEntriesCutsAnEntry() {
        // length 3 covers the name and type but not the long string's length
        var r = WireReader(buffer([0, 0, 0, 3, 1, 0x61, 0x53, 0, 0, 0, 0]))
        #expect(throws: WireError.truncated(reading: "field 'a' in arguments", needed: 4, available: 0)) { try r.readTable("arguments") }
    }

    @Test func aLongStringLongerThanThePayloadIsTruncation() {
        var r = WireReader(buffer([0, 0, 0, 200, 0x61]))
        #expect(throws: WireError.truncated(reading: "mechanisms", needed: 200, available: 1)) { try r.readLongString("mechanisms") }
        var s = WireReader(buffer([5, 0x61]))
        #expect(throws: WireError.truncated(reading: "queue", needed: 5, available: 1)) { try s.readShortString("queue", checkUTF8: true) }
    }

    @Test func nestedArraysAndTablesDecodeToTheirDepth() throws {
        let value = FieldValue.array([.array([.table(["t": .array([.int8(1)])])])])
        var b = ByteBuffer()
        try b.writeFieldValue(value)
        var r = WireReader(b)
        #expect(try r.readFieldValue("v") == value)
    }
}
