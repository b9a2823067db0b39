import Foundation
import Testing

/// Malformed bytes over a real socket: Redis's error reply or a closed connection, never a
/// crash, and the node keeps serving everyone else.
@Suite(.serialized) struct ProtocolAbuseTests {
    static let cases: [(String, [UInt8], String)] = [
        ("negative bulk length", Array("*1\r\n$-5\r\n".utf8), "-ERR Protocol error: invalid bulk length\r\n"),
        ("huge bulk length", Array("*1\r\n$536870913\r\n".utf8), "-ERR Protocol error: invalid bulk length\r\n"),
        ("bad multibulk count", Array("*12x\r\n".utf8), "-ERR Protocol error: invalid multibulk length\r\n"),
        ("missing dollar", Array("*2\r\n$3\r\nGET\r\n+k\r\n".utf8), "-ERR Protocol error: expected '$', got '+'\r\n"),
        ("unbalanced quotes", Array("SET a \"b\r\n".utf8), "-ERR Protocol error: unbalanced quotes in request\r\n"),
        ("endless inline", Array(repeating: UInt8(ascii: "a"), count: 70_000), "-ERR Protocol error: too big inline request\r\n"),
    ]

    @Test func malformedRequestsGetRedisErrorsAndTheNodeSurvives() throws {
        let node = try ServerProcess.shakedown()
        defer { node.stop() }
        for (name, bytes, expected) in Self.cases {
            let c = try RedisConnection(port: node.port)
            #expect(c.sendRaw(Array("PING\r\n".utf8) + bytes))
            let (data, closed) = c.readUntilClosed()
            #expect(data == "+PONG\r\n" + expected, "\(name)")
            #expect(closed, "\(name): the connection should be closed after a protocol error")
        }
        // Half a request, then the client goes away; and random garbage.
        let half = try RedisConnection(port: node.port)
        #expect(half.sendRaw(Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc".utf8)))
        var g = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let c = try RedisConnection(port: node.port)
            _ = c.sendRaw((0..<512).map { _ in UInt8.random(in: 0...255, using: &g) })
        }
        let fresh = try RedisConnection(port: node.port)
        #expect(try fresh.send("PING") == .simpleString("PONG"))
        #expect(try fresh.send("EXISTS", "k") == .integer(0))
        #expect(node.isRunning)
    }

    /// QUIT after a large reply: the connection closes only once all of it was sent.
    @Test func quitAfterABigReplyDeliversAllOfIt() throws {
        let node = try ServerProcess.shakedown()
        defer { node.stop() }
        let c = try RedisConnection(port: node.port)
        let value = String(repeating: "v", count: 100)
        var fill = ""
        for _ in 0..<1000 { fill += "*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$100\r\n\(value)\r\n" }
        #expect(c.sendRaw(Array(fill.utf8)))
        #expect(c.sendRaw(Array("*4\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\nQUIT\r\n".utf8)))
        let (data, closed) = c.readUntilClosed(limit: 10_000_000)
        #expect(closed)
        #expect(data.hasSuffix("*1000\r\n" + String(repeating: "$100\r\n\(value)\r\n", count: 1000) + "+OK\r\n"))
    }

    @Test func queryBufferLimitClosesTheClient() throws {
        let node = try ServerProcess.shakedown(["--save", "", "--client-query-buffer-limit", "1mb"])
        defer { node.stop() }
        let c = try RedisConnection(port: node.port)
        // A 4 MB value is allowed by proto-max-bulk-len, but not by a 1 MB query buffer.
        _ = c.sendRaw(Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4000000\r\n".utf8))
        _ = c.sendRaw(Array(repeating: UInt8(ascii: "x"), count: 2_000_000))
        let (_, closed) = c.readUntilClosed()
        #expect(closed)
        #expect(node.logs("Closing client that reached max query buffer length"), "\(node.output)")
        let fresh = try RedisConnection(port: node.port)
        #expect(try fresh.send("PING") == .simpleString("PONG"))
    }
}
