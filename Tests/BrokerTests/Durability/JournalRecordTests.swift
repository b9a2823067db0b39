import AMQP
import NIOCore
import Testing

@testable import Broker

@Suite struct JournalRecordTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func everyRecordKindRoundTrips() throws {
        let records = Samples.everyRecord
        #expect(Set(records.map(\.kind)) == Set(JournalRecord.Kind.allCases))
        let file = try Encoded.file(records)
        let (decoded, result) = try Encoded.scan(file)
        #expect(result.records == records.count)
        #expect(result.tornTail == nil)
        #expect(result.validEnd == file.readableBytes)
        // Every field is set away from its default, so equal bytes mean nothing was lost.
        let again = try Encoded.file(decoded)
        #expect(Array(again.readableBytesView) == Array(file.readableBytesView))
        #expect(decoded.map(\.kind) == records.map(\.kind))
    }

    @Test func aMessageRecordKeepsEveryField() throws {
        let (decoded, _) = try Encoded.scan(try Encoded.file([Samples.everyRecord[6]]))
        guard case .messageEnqueued(let vhost, let queue, let entry)? = decoded.first else {
            Issue.record("not a message record: \(decoded)")
            return
        }
        #expect(vhost == "/v" && queue == "q")
        #expect(entry.sequence == 42 && entry.expiresAt == 1_700_000_060_000 && entry.delivered && entry.journaled)
        #expect(entry.message.exchange == "orders")
        #expect(entry.message.routingKeys == ["a.b", "cc.a.b"])
        #expect(entry.message.isPersistent)
        #expect(String(buffer: entry.message.body) == "hello")
        #expect(entry.message.properties == Samples.message("hello", key: "a.b", exchange: "orders", sequence: 42).message.properties)
    }

    @Test func emptyBodiesAndLongNamesRoundTrip() throws {
        let long = String(repeating: "v", count: 300)
        var entry = Samples.message("", sequence: 1)
        entry.message.properties = BasicProperties()
        entry.expiresAt = nil
        let records: [JournalRecord] = [.messageEnqueued(vhost: long, queue: long, entry), .virtualHostDeleted(vhost: long)]
        let (decoded, _) = try Encoded.scan(try Encoded.file(records))
        guard case .messageEnqueued(let vhost, _, let back)? = decoded.first else {
            Issue.record("not a message record")
            return
        }
        #expect(vhost == long)
        #expect(back.message.bodySize == 0 && back.expiresAt == nil && back.message.properties == BasicProperties())
    }
}
