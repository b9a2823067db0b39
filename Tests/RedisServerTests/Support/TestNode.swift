import NIOCore
import NIOEmbedded
import RESP

@testable import RedisServer

/// A node without sockets, for unit tests of commands: `run("SET", "k", "v")` executes the
/// command as a connected client would and returns the parsed reply.
final class TestNode {
    let loop = EmbeddedEventLoop()
    let node: RedisNode
    let client: Client
    private let time: TimeBox

    final class TimeBox: @unchecked Sendable {
        var now: Int64 = 1_700_000_000_000
    }

    /// `commands` other than the standard table must be built of fresh specs: building a
    /// table renumbers the specs it holds.
    init(commands: CommandTable = .standard, _ configure: (ServerConfig) -> Void = { _ in }) {
        let config = ServerConfig()
        config.savePoints = []
        configure(config)
        let sink = try! RedisLogHandler.Sink(path: "/dev/null")
        node = RedisNode(config: config, loop: loop, logSink: sink, commands: commands)
        let time = TimeBox()
        self.time = time
        node.clockOverride = { time.now }
        client = node.makeDetachedClient()
    }

    /// A second connection to the same node.
    func connect() -> Client { node.makeDetachedClient() }

    /// Runs one command and returns its reply (or the replies it produced, for commands
    /// such as SUBSCRIBE that answer several times).
    @discardableResult
    func run(_ args: String..., as who: Client? = nil) -> RESPValue {
        run(args.map { Array($0.utf8) }, as: who)
    }

    @discardableResult
    func run(_ args: [[UInt8]], as who: Client? = nil) -> RESPValue {
        let c = who ?? client
        var request = ByteBuffer()
        request.writeRESPCommand(args)
        c.feed(request)
        loop.run()
        let replies = drain(c)
        return replies.count == 1 ? replies[0] : .array(replies)
    }

    /// Replies queued for `c` (and clears them).
    func drain(_ c: Client? = nil) -> [RESPValue] {
        let c = c ?? client
        var out: [RESPValue] = []
        let parser = RESPValueParser()
        while let v = try! parser.parse(&c.reply.buffer) { out.append(v) }
        c.reply.buffer.clear()
        return out
    }

    /// The node's wall clock (unix ms), which tests move by hand.
    var now: Int64 { time.now }

    /// Moves the node's clock (and the loop's timers, e.g. blocking timeouts).
    func advance(milliseconds: Int64) {
        time.now += milliseconds
        loop.advanceTime(by: .milliseconds(milliseconds))
    }
}
