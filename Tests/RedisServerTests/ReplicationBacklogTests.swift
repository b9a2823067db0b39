import NIOCore
import Testing

@testable import RedisServer

/// The ring of recent stream bytes a master resumes replicas from: what it keeps as it
/// wraps, and which offsets it can serve.
@Suite struct ReplicationBacklogTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func append(_ backlog: inout ReplicationBacklog, _ s: String) {
        bytes(s).withUnsafeBytes { backlog.append($0) }
    }

    static func read(_ backlog: ReplicationBacklog, from offset: Int64) -> String? {
        backlog.bytes(from: offset).map { String(buffer: $0) }
    }

    @Test func emptyBacklogServesOnlyTheNextByte() {
        let backlog = ReplicationBacklog(capacity: 8, after: 100)
        #expect(backlog.firstByteOffset == 101)
        #expect(backlog.historyLength == 0)
        #expect(backlog.lastByteOffset == 100)
        #expect(backlog.canServe(from: 101))
        #expect(!backlog.canServe(from: 100))
        #expect(!backlog.canServe(from: 102))
        #expect(Self.read(backlog, from: 101) == "")
    }

    @Test func keepsEverythingUntilFull() {
        var backlog = ReplicationBacklog(capacity: 8, after: 0)
        Self.append(&backlog, "abc")
        Self.append(&backlog, "de")
        #expect(backlog.firstByteOffset == 1)
        #expect(backlog.historyLength == 5)
        #expect(Self.read(backlog, from: 1) == "abcde")
        #expect(Self.read(backlog, from: 4) == "de")
        #expect(Self.read(backlog, from: 6) == "")
        #expect(Self.read(backlog, from: 7) == nil)
        #expect(Self.read(backlog, from: 0) == nil)
    }

    @Test func wrapsAroundKeepingTheNewestBytes() {
        var backlog = ReplicationBacklog(capacity: 8, after: 0)
        Self.append(&backlog, "abcdef")
        Self.append(&backlog, "ghij")  // wraps: 10 bytes through a ring of 8
        #expect(backlog.historyLength == 8)
        #expect(backlog.firstByteOffset == 3)
        #expect(backlog.lastByteOffset == 10)
        #expect(Self.read(backlog, from: 3) == "cdefghij")
        #expect(Self.read(backlog, from: 7) == "ghij")
        #expect(Self.read(backlog, from: 2) == nil, "offset 2 fell out of the ring")
        Self.append(&backlog, "klmnopq")
        #expect(Self.read(backlog, from: 10) == "jklmnopq")
        #expect(backlog.firstByteOffset == 10)
    }

    @Test func aWriteBiggerThanTheRingKeepsItsTail() {
        var backlog = ReplicationBacklog(capacity: 4, after: 50)
        Self.append(&backlog, "x")
        Self.append(&backlog, "0123456789")
        #expect(backlog.lastByteOffset == 61)
        #expect(backlog.firstByteOffset == 58)
        #expect(Self.read(backlog, from: 58) == "6789")
        #expect(!backlog.canServe(from: 57))
    }

    @Test func manySmallWritesAgreeWithAModel() {
        var backlog = ReplicationBacklog(capacity: 37, after: 0)
        var model: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let n = Int.random(in: 0...20, using: &generator)
            let chunk = (0..<n).map { UInt8(truncatingIfNeeded: round * 31 + $0) }
            chunk.withUnsafeBytes { backlog.append($0) }
            model += chunk
            let kept = Array(model.suffix(37))
            #expect(backlog.historyLength == kept.count)
            #expect(backlog.lastByteOffset == Int64(model.count))
            let from = backlog.firstByteOffset + Int64(Int.random(in: 0...kept.count, using: &generator))
            let got = backlog.bytes(from: from).map { Array($0.readableBytesView) }
            #expect(got == Array(model[Int(from - 1)...]))
        }
    }

    @Test func resizingKeepsTheNewestBytes() {
        var backlog = ReplicationBacklog(capacity: 8, after: 0)
        Self.append(&backlog, "abcdefghij")
        backlog.resize(to: 4)
        #expect(backlog.capacity == 4)
        #expect(Self.read(backlog, from: 7) == "ghij")
        #expect(backlog.lastByteOffset == 10)
        backlog.resize(to: 16)
        Self.append(&backlog, "klm")
        #expect(Self.read(backlog, from: 7) == "ghijklm")
    }
}

/// Whether a master can continue a replica's stream (`masterTryPartialResynchronization`).
@Suite struct PsyncDecisionTests {
    static func history() -> ReplicationHistory {
        var h = ReplicationHistory(id: String(repeating: "a", count: 40))
        h.offset = 1000
        return h
    }

    static func backlog(first: Int64, last: Int64) -> ReplicationBacklog {
        var b = ReplicationBacklog(capacity: 4096, after: first - 1)
        let bytes = [UInt8](repeating: 42, count: Int(last - first + 1))
        bytes.withUnsafeBytes { b.append($0) }
        return b
    }

    @Test func sameHistoryInsideTheBacklogContinues() {
        let h = Self.history()
        let b = Self.backlog(first: 500, last: 1000)
        #expect(PsyncDecision.decide(replicationID: h.id, offset: 500, history: h, backlog: b) == .partial(from: 500))
        #expect(PsyncDecision.decide(replicationID: h.id, offset: 1001, history: h, backlog: b) == .partial(from: 1001))
        // Ids compare without case, as strcasecmp does.
        #expect(
            PsyncDecision.decide(replicationID: h.id.uppercased(), offset: 700, history: h, backlog: b)
                == .partial(from: 700))
    }

    @Test func offsetsOutsideTheBacklogNeedAFullResync() {
        let h = Self.history()
        let b = Self.backlog(first: 500, last: 1000)
        #expect(PsyncDecision.decide(replicationID: h.id, offset: 499, history: h, backlog: b) == .full(.outsideBacklog))
        #expect(PsyncDecision.decide(replicationID: h.id, offset: 1002, history: h, backlog: b) == .full(.outsideBacklog))
        #expect(PsyncDecision.decide(replicationID: h.id, offset: 600, history: h, backlog: nil) == .full(.outsideBacklog))
    }

    @Test func otherHistoriesNeedAFullResync() {
        let h = Self.history()
        let b = Self.backlog(first: 500, last: 1000)
        #expect(PsyncDecision.decide(replicationID: "?", offset: -1, history: h, backlog: b) == .full(.requested))
        #expect(
            PsyncDecision.decide(replicationID: String(repeating: "b", count: 40), offset: 600, history: h, backlog: b)
                == .full(.unknownID))
    }

    @Test func thePreviousIdServesUpToWhereItWasLeft() {
        var h = Self.history()
        let old = h.id
        h.shift()
        #expect(h.previousID == old)
        #expect(h.previousIDLimit == 1001)
        #expect(h.id != old && h.id.utf8.count == 40)
        let b = Self.backlog(first: 500, last: 1200)
        h.offset = 1200
        #expect(PsyncDecision.decide(replicationID: old, offset: 1001, history: h, backlog: b) == .partial(from: 1001))
        #expect(PsyncDecision.decide(replicationID: old, offset: 800, history: h, backlog: b) == .partial(from: 800))
        #expect(
            PsyncDecision.decide(replicationID: old, offset: 1002, history: h, backlog: b)
                == .full(.beyondPreviousID(limit: 1001)))
        #expect(PsyncDecision.decide(replicationID: h.id, offset: 1100, history: h, backlog: b) == .partial(from: 1100))
    }
}
