import NIOCore
import NIOEmbedded
import RESP
import Testing

@testable import RedisServer

/// The server's connection pipeline on an EmbeddedChannel: bytes in, bytes out, no socket.
@Suite struct ConnectionHandlerTests {
    final class Harness {
        let loop = EmbeddedEventLoop()
        let node: RedisNode
        let channel: EmbeddedChannel

        init(from remote: String = "127.0.0.1", configure: (ServerConfig) -> Void = { _ in }) throws {
            let config = ServerConfig()
            config.savePoints = []
            configure(config)
            node = RedisNode(config: config, loop: loop, logSink: try RedisLogHandler.Sink(path: "/dev/null"))
            channel = EmbeddedChannel(handler: ConnectionHandler(node: node), loop: loop)
            try channel.connect(to: SocketAddress(ipAddress: remote, port: 50000)).wait()
        }

        /// Sends raw bytes and returns everything the server wrote back.
        func send(_ text: String) throws -> String {
            try channel.writeInbound(ByteBuffer(string: text))
            var out = ""
            while let chunk: ByteBuffer = try channel.readOutbound() { out += String(buffer: chunk) }
            return out
        }
    }

    @Test func pipelinedRequestsGetOneWriteOfAllReplies() throws {
        let h = try Harness()
        #expect(try h.send("*1\r\n$4\r\nPING\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n") == "+PONG\r\n+PONG\r\n+OK\r\n")
        #expect(try h.send("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") == "$1\r\nv\r\n")
    }

    @Test func halfARequestWaitsForTheRest() throws {
        let h = try Harness()
        #expect(try h.send("*2\r\n$4\r\nECHO\r\n$5\r\nhel") == "")
        #expect(try h.send("lo\r\n") == "$5\r\nhello\r\n")
    }

    @Test func malformedInputGetsProtocolErrorThenClose() throws {
        let cases = [
            ("*1\r\n$-3\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
            ("*1\r\n$999999999999\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
            ("*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"),
            ("*1\r\n:5\r\n", "-ERR Protocol error: expected '$', got ':'\r\n"),
            ("GET \"k\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
        ]
        for (input, reply) in cases {
            let h = try Harness()
            // A good command first: its reply still goes out before the error.
            #expect(try h.send("PING\r\n" + input + "PING\r\n") == "+PONG\r\n" + reply, "input \(input.debugDescription)")
            #expect(!h.channel.isActive, "connection should be closed after \(input.debugDescription)")
        }
    }

    @Test func binaryGarbageNeverCrashes() throws {
        var g = FastRandom(seed: 7)
        for _ in 0..<200 {
            let h = try Harness()
            let bytes = (0..<Int.random(in: 1...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            try h.channel.writeInbound(ByteBuffer(bytes: bytes))
            while let _: ByteBuffer = try h.channel.readOutbound() {}
            h.channel.pipeline.fireChannelInactive()
        }
    }

    @Test func protectedModeRefusesRemoteClientsWithoutPassword() throws {
        let remote = try Harness(from: "10.0.0.7")
        var out = ""
        while let chunk: ByteBuffer = try remote.channel.readOutbound() { out += String(buffer: chunk) }
        #expect(out.hasPrefix("-DENIED Redis is running in protected mode"))
        #expect(!remote.channel.isActive)
        let withPassword = try Harness(from: "10.0.0.7") { $0.requirePass = "secret" }
        #expect(try withPassword.send("PING\r\n") == "-NOAUTH Authentication required.\r\n")
        let unprotected = try Harness(from: "10.0.0.7") { $0.protectedMode = false }
        #expect(try unprotected.send("PING\r\n") == "+PONG\r\n")
        let local = try Harness(from: "127.0.0.1")
        #expect(try local.send("PING\r\n") == "+PONG\r\n")
    }

    @Test func quitRepliesThenCloses() throws {
        let h = try Harness()
        #expect(try h.send("QUIT\r\nPING\r\n") == "+OK\r\n")
        #expect(!h.channel.isActive)
    }

    @Test func httpLooksLikeAnAttackAndIsDropped() throws {
        let h = try Harness()
        #expect(try h.send("POST / HTTP/1.1\r\nHost: x\r\n\r\n") == "")
        #expect(!h.channel.isActive)
    }
}
