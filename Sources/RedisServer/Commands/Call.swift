import NIOCore
import RESP

/// One command being executed: the node, the client, the arguments (`args[0]` is the
/// command name) and what to propagate to the AOF and replicas.
public struct Call {
    // Strong `let`s: handlers get the Call inout, so reading these is a borrow; unowned
    // references would cost a retain/release pair on every access instead.
    public let node: RedisNode
    public let client: Client
    public internal(set) var args: [ByteBuffer]
    /// Specs live as long as the process, so no reference counting for them.
    public internal(set) unowned(unsafe) var spec: CommandSpec
    /// The client's database when the command started (SELECT changes the client's, not
    /// this one, and does not use it afterwards).
    public internal(set) var db: Database
    /// What to feed the AOF / replicas if the command changed the dataset. nil means the
    /// command as received; an empty list means nothing.
    public var propagation: [[Bytes]]?
    /// Propagate even if nothing changed (FLUSHALL on an empty dataset still goes to the AOF).
    public var forcePropagation = false

    /// A client reuses one Call for a whole batch of pipelined commands, so the node, the
    /// client and the database are retained once per batch, not once per command.
    init(node: RedisNode, client: Client, args: [ByteBuffer] = [], spec: CommandSpec) {
        self.node = node
        self.client = client
        self.args = args
        self.spec = spec
        self.db = client.database
    }
    public var count: Int { args.count }

    /// The argument at `i` as bytes (copied out of the request buffer).
    public func bytes(_ i: Int) -> Bytes { Bytes(args[i]) }

    public func string(_ i: Int) -> String { String(buffer: args[i]) }

    /// True when argument `i` is `keyword`, ignoring case.
    public func keyword(_ i: Int, _ keyword: StaticString) -> Bool {
        let arg = args[i]
        guard arg.readableBytes == keyword.utf8CodeUnitCount else { return false }
        return arg.withUnsafeReadableBytes { raw in
            let k = keyword.utf8Start
            for j in 0..<raw.count where raw[j] | 0x20 != k[j] | 0x20 { return false }
            return true
        }
    }

    /// Argument `i` as an integer (`string2ll`), or "value is not an integer or out of range".
    public func int(_ i: Int) throws(RedisError) -> Int64 {
        guard let v = args[i].withUnsafeReadableBytes({ parseStrictInt64($0) }) else { throw .notInteger }
        return v
    }

    public func int(_ i: Int, error: RedisError) throws(RedisError) -> Int64 {
        guard let v = args[i].withUnsafeReadableBytes({ parseStrictInt64($0) }) else { throw error }
        return v
    }

    /// Argument `i` as a double (`strtod` rules, Redis's `getDoubleFromObject`).
    public func double(_ i: Int, error: RedisError = .notFloat) throws(RedisError) -> Double {
        guard let v = RedisNumber.parseDouble(args[i]) else { throw error }
        return v
    }
    public var reply: RESPWriter {
        get { client.reply }
        nonmutating _modify { yield &client.reply }
    }
}
