import NIOCore
import Testing

@testable import Broker

/// Torn last writes are dropped; damage anywhere else stops the broker with file and offset.
@Suite struct LogScannerTests {
    let records = Samples.everyRecord

    @Test func everyCutInsideTheLastRecordIsATornTail() throws {
        let file = try Encoded.file(records)
        let offsets = try Encoded.offsets(records)
        let lastStart = offsets[offsets.count - 2]
        for cut in (lastStart + 1)..<file.readableBytes {
            let (decoded, result) = try Encoded.scan(file.getSlice(at: 0, length: cut)!)
            #expect(decoded.count == records.count - 1, "cut at \(cut)")
            #expect(result.validEnd == lastStart)
            #expect(result.tornTail?.offset == lastStart)
            #expect(result.tornTail?.droppedBytes == cut - lastStart)
        }
    }

    @Test func aCutHeaderOfTheFileMeansAnEmptyJournal() throws {
        let (decoded, result) = try Encoded.scan(ByteBuffer(bytes: RecordFrame.magic.prefix(3)))
        #expect(decoded.isEmpty)
        #expect(result.validEnd == 0 && result.tornTail?.offset == 0)
    }

    @Test func aChecksumMismatchInTheLastRecordIsATornTail() throws {
        var file = try Encoded.file(records)
        let lastStart = try Encoded.offsets(records).dropLast().last!
        file.setInteger(UInt8(0xFF) ^ file.getInteger(at: file.writerIndex - 1)!, at: file.writerIndex - 1)
        let (decoded, result) = try Encoded.scan(file)
        #expect(decoded.count == records.count - 1)
        #expect(result.tornTail?.offset == lastStart)
    }

    @Test func aZeroFilledTailIsATornTail() throws {
        var file = try Encoded.file(records)
        let end = file.writerIndex
        file.writeBytes([UInt8](repeating: 0, count: 3000))
        let (decoded, result) = try Encoded.scan(file)
        #expect(decoded.count == records.count)
        #expect(result.tornTail == .init(offset: end, droppedBytes: 3000, reason: "bad record header (length 0), then zeroes to the end"))
    }

    @Test func aPartlyZeroedRecordFollowedByZeroesIsATornTail() throws {
        let offsets = try Encoded.offsets(records)
        var file = try Encoded.file(records)
        // Power loss in the middle of the last batch: records 4... never reached the disk,
        // record 3 only in part.
        let zeroFrom = offsets[3] - 5
        file.setBytes([UInt8](repeating: 0, count: file.writerIndex - zeroFrom), at: zeroFrom)
        let (decoded, result) = try Encoded.scan(file)
        #expect(decoded.count == 2)
        #expect(result.tornTail?.offset == offsets[2])
    }

    @Test func aFlippedByteInTheMiddleIsCorruptionAtThatRecord() throws {
        let offsets = try Encoded.offsets(records)
        var file = try Encoded.file(records)
        let target = offsets[2] + 20  // inside the third record's payload
        file.setInteger(UInt8(0x5A) ^ file.getInteger(at: target)!, at: target)
        let error = #expect(throws: DurabilityError.self) { try Encoded.scan(file, file: "/data/journal.log") }
        #expect(error == .corrupt(file: "/data/journal.log", offset: offsets[2], reason: "CRC mismatch"))
        #expect("\(error!)".contains("'/data/journal.log' is corrupt at offset \(offsets[2])"))
    }

    @Test func aDamagedLengthInTheMiddleIsCorruptionNotATornTail() throws {
        let offsets = try Encoded.offsets(records)
        var file = try Encoded.file(records)
        // A length pointing past the end would read as a cut-short last record, but its
        // complement no longer matches.
        file.setInteger(UInt32(1 << 20), at: offsets[1])
        let error = #expect(throws: DurabilityError.self) { try Encoded.scan(file) }
        guard case .corrupt(_, let offset, let reason)? = error else { return }
        #expect(offset == offsets[1])
        #expect(reason.hasPrefix("bad record header"))
    }

    @Test func aFileOfSomethingElseIsRefused() throws {
        let error = #expect(throws: DurabilityError.self) { try Encoded.scan(ByteBuffer(string: "{\"users\": []}")) }
        #expect(error == .corrupt(file: "test.log", offset: 0, reason: "not a journal file (bad magic)"))
    }
}
