import NIOCore
import NIOEmbedded
import Testing

@testable import RESP

@Suite struct RESPValueTests {
    func parse(_ s: String) throws -> RESPValue? {
        var buffer = ByteBuffer(string: s)
        return try RESPValueParser().parse(&buffer)
    }

    @Test func resp2Values() throws {
        #expect(try parse("+OK\r\n") == .simpleString("OK"))
        #expect(try parse("-ERR x\r\n") == .error("ERR x"))
        #expect(try parse(":-42\r\n") == .integer(-42))
        #expect(try parse("$-1\r\n") == .bulkString(nil))
        #expect(try parse("*2\r\n$1\r\na\r\n*-1\r\n") == .array([.bulk("a"), .array(nil)]))
    }

    @Test func resp3Values() throws {
        #expect(try parse("_\r\n") == .null)
        #expect(try parse(",1.5\r\n") == .double(1.5))
        #expect(try parse(",inf\r\n") == .double(.infinity))
        #expect(try parse("#t\r\n") == .boolean(true))
        #expect(try parse("%1\r\n+a\r\n:1\r\n") == .map([.init(.simpleString("a"), .integer(1))]))
        #expect(try parse("~1\r\n:1\r\n") == .set([.integer(1)]))
        #expect(try parse(">2\r\n+a\r\n+b\r\n") == .push([.simpleString("a"), .simpleString("b")]))
        #expect(try parse("=8\r\ntxt:abcd\r\n") == .verbatim(format: "txt", text: "abcd"))
    }

    @Test func incompleteLeavesBufferUntouched() throws {
        var buffer = ByteBuffer(string: "*2\r\n$1\r\na\r\n$1\r")
        #expect(try RESPValueParser().parse(&buffer) == nil)
        #expect(buffer.readableBytes == 14)
    }

    @Test func garbageIsAnError() {
        var buffer = ByteBuffer(string: "?what\r\n")
        #expect(throws: RESPValueParser.Error.self) { try RESPValueParser().parse(&buffer) }
        var deep = ByteBuffer(string: String(repeating: "*1\r\n", count: 2000))
        #expect(throws: RESPValueParser.Error.self) { try RESPValueParser().parse(&deep) }
    }

    /// What a hostile peer sends: a length that would overflow `n + 2`, a negative map size.
    @Test func hostileLengthsAreNoTrapAndNoEndlessWait() throws {
        #expect(try parse("$9223372036854775807\r\nabc") == nil)
        #expect(throws: RESPValueParser.Error.self) { try parse("%-1\r\n") }
        #expect(throws: RESPValueParser.Error.self) { try parse("$-2\r\n") }
    }

    @Test func writerShapesPerProtocol() {
        var w2 = RESPWriter(buffer: ByteBuffer(), version: .v2)
        w2.null()
        w2.nullArray()
        w2.mapHeader(2)
        w2.double(1.5)
        w2.boolean(true)
        w2.integer(1234)
        #expect(String(buffer: w2.buffer) == "$-1\r\n*-1\r\n*4\r\n$3\r\n1.5\r\n:1\r\n:1234\r\n")
        var w3 = RESPWriter(buffer: ByteBuffer(), version: .v3)
        w3.null()
        w3.nullArray()
        w3.mapHeader(2)
        w3.double(0.1)
        w3.boolean(false)
        w3.error("ERR a\r\nb")
        #expect(String(buffer: w3.buffer) == "_\r\n_\r\n%2\r\n,0.10000000000000001\r\n#f\r\n-ERR a  b\r\n")
    }

    @Test func clientCodecOverEmbeddedChannel() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPValueDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(RESPCommandEncoder()))
        try channel.writeOutbound([Array("PING".utf8)])
        let sent: ByteBuffer? = try channel.readOutbound()
        #expect(sent.map { String(buffer: $0) } == "*1\r\n$4\r\nPING\r\n")
        try channel.writeInbound(ByteBuffer(string: "+PO"))
        #expect(try channel.readInbound(as: RESPValue.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "NG\r\n:1\r\n"))
        #expect(try channel.readInbound(as: RESPValue.self) == .simpleString("PONG"))
        #expect(try channel.readInbound(as: RESPValue.self) == .integer(1))
        _ = try channel.finish()
    }
}
