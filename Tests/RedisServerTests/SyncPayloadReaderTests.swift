import NIOCore
import Testing

@testable import RedisServer

/// What a replica reads after +FULLRESYNC: `$<len>` and diskless `$EOF:<mark>` snapshots,
/// however the bytes are split across reads; and the master's PSYNC replies.
@Suite struct SyncPayloadReaderTests {
    static let mark = "0123456789abcdef0123456789abcdef01234567"

    /// Feeds `wire` in chunks of `size` bytes; returns the payload and what followed it.
    static func run(_ wire: [UInt8], chunk size: Int) throws -> (payload: [UInt8], rest: [UInt8], reader: SyncPayloadReader) {
        var reader = SyncPayloadReader()
        var input = ByteBuffer()
        var payload: [UInt8]?
        var offset = 0
        while offset < wire.count {
            let end = min(wire.count, offset + size)
            input.writeBytes(wire[offset..<end])
            offset = end
            if payload == nil, let done = try reader.consume(&input) {
                payload = Array(done.readableBytesView)
            }
        }
        return (try #require(payload), Array(input.readableBytesView), reader)
    }

    static func rdbLike(_ n: Int) -> [UInt8] {
        // Includes bytes that look like the start of the mark and like CRLFs.
        (0..<n).map { i in [UInt8(ascii: "0"), UInt8(ascii: "1"), 13, 10, UInt8(truncatingIfNeeded: i)][i % 5] }
    }

    @Test(arguments: [1, 2, 3, 7, 39, 40, 41, 1000])
    func markedPayloadSplitAnywhere(chunk: Int) throws {
        let body = Self.rdbLike(300)
        let stream = Array("*1\r\n$4\r\nPING\r\n".utf8)
        let wire = Array("\n\n$EOF:\(Self.mark)\r\n".utf8) + body + Array(Self.mark.utf8) + stream
        let (payload, rest, reader) = try Self.run(wire, chunk: chunk)
        #expect(payload == body)
        #expect(rest == stream, "bytes after the mark belong to the command stream")
        #expect(reader.framing == .mark(Array(Self.mark.utf8)))
        #expect(reader.keepalives == 2)
    }

    @Test func markAlmostThereIsNotTheEnd() throws {
        // The body contains the mark minus its last byte: not the end.
        let body = Array("REDIS0010".utf8) + Array(Self.mark.utf8.dropLast()) + Array("zz".utf8)
        let wire = Array("$EOF:\(Self.mark)\r\n".utf8) + body + Array(Self.mark.utf8)
        let (payload, rest, _) = try Self.run(wire, chunk: 5)
        #expect(payload == body)
        #expect(rest.isEmpty)
    }

    @Test(arguments: [1, 4, 64, 4096])
    func lengthPayloadSplitAnywhere(chunk: Int) throws {
        let body = Self.rdbLike(257)
        let stream = Array("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".utf8)
        let wire = Array("\n$257\r\n".utf8) + body + stream
        let (payload, rest, reader) = try Self.run(wire, chunk: chunk)
        #expect(payload == body)
        #expect(rest == stream)
        #expect(reader.framing == .length(257))
        #expect(reader.received == 257)
    }

    @Test func emptyPayload() throws {
        let (payload, rest, _) = try Self.run(Array("$0\r\nrest".utf8), chunk: 1)
        #expect(payload.isEmpty)
        #expect(rest == Array("rest".utf8))
    }

    @Test func errorsAndGarbageInsteadOfAHeader() {
        var reader = SyncPayloadReader()
        var input = ByteBuffer(string: "-ERR no way\r\n")
        #expect(throws: ReplicationError("MASTER aborted replication with an error: ERR no way")) {
            try reader.consume(&input)
        }
        var other = SyncPayloadReader()
        var garbage = ByteBuffer(string: "+OK\r\n")
        #expect(throws: ReplicationError.self) { try other.consume(&garbage) }
        var third = SyncPayloadReader()
        var bad = ByteBuffer(string: "$abc\r\n")
        #expect(throws: ReplicationError.self) { try third.consume(&bad) }
    }

    @Test func psyncReplies() {
        let id = String(repeating: "c", count: 40)
        #expect(PsyncReply(line: "") == .keepalive)
        #expect(PsyncReply(line: "+FULLRESYNC \(id) 1234") == .fullResync(replicationID: id, offset: 1234))
        #expect(PsyncReply(line: "+FULLRESYNC short 1") == .fullResync(replicationID: nil, offset: -1))
        #expect(PsyncReply(line: "+CONTINUE") == .partial(newReplicationID: nil))
        #expect(PsyncReply(line: "+CONTINUE \(id)") == .partial(newReplicationID: id))
        #expect(PsyncReply(line: "-NOMASTERLINK Can't SYNC") == .tryLater("-NOMASTERLINK Can't SYNC"))
        #expect(PsyncReply(line: "-LOADING busy") == .tryLater("-LOADING busy"))
        #expect(PsyncReply(line: "-ERR unknown command") == .unsupported("-ERR unknown command"))
    }
}
