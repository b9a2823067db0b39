import RESP
import Testing

/// COMMAND's replies from our node and from the reference redis-server must be the same
/// values of the same RESP types, in RESP2 and RESP3 — except prose (summaries, complexity,
/// notes, history descriptions), which our documentation table words its own way.
@Suite struct CommandRepliesMatchRedisTests {
    static let commands: [[String]] = [
        ["COMMAND", "INFO", "get", "set", "mset", "lmpop", "blmpop", "rename", "blpop", "nosuch"],
        ["COMMAND", "INFO", "object|encoding", "watch", "echo", "multi", "publish", "ping", "COMMAND|DOCS"],
        ["COMMAND", "DOCS", "set", "getex", "lpos", "client|kill", "hello", "nosuch"],
        ["COMMAND", "DOCS", "getset", "rpoplpush", "substr", "object|help", "command|list", "expire"],
        ["COMMAND", "INFO", "psync", "sync", "replconf", "replicaof", "slaveof", "role", "wait"],
        ["COMMAND", "DOCS", "psync", "sync", "replconf", "replicaof", "slaveof", "role", "wait"],
        ["COMMAND", "INFO", "readonly", "readwrite", "asking", "cluster|addslots", "cluster|addslotsrange", "cluster|bumpepoch", "cluster|count-failure-reports", "cluster|countkeysinslot", "cluster|delslots", "cluster|delslotsrange", "cluster|failover", "cluster|flushslots", "cluster|forget", "cluster|getkeysinslot", "cluster|help", "cluster|info"],
        ["COMMAND", "INFO", "cluster|keyslot", "cluster|links", "cluster|meet", "cluster|myid", "cluster|nodes", "cluster|replicas", "cluster|replicate", "cluster|reset", "cluster|saveconfig", "cluster|set-config-epoch", "cluster|setslot", "cluster|shards", "cluster|slaves", "cluster|slots"],
        ["COMMAND", "INFO", "migrate", "restore-asking", "restore", "dump"],
        ["COMMAND", "DOCS", "migrate", "restore-asking", "restore"],
        ["COMMAND", "GETKEYS", "migrate", "h", "1", "", "0", "5", "COPY", "KEYS", "a", "b"],
        ["COMMAND", "GETKEYSANDFLAGS", "migrate", "h", "1", "k", "0", "5", "REPLACE"],
        ["COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"],
        ["COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "GET"],
        ["COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"],
        ["COMMAND", "GETKEYSANDFLAGS", "lmpop", "2", "a", "b", "LEFT"],
        ["COMMAND", "GETKEYS", "lmpop", "0", "a", "LEFT"],
        ["COMMAND", "GETKEYS", "ping", "x"],
        ["COMMAND", "GETKEYS", "nosuch", "x"],
        ["COMMAND", "GETKEYS", "get", "a", "b"],
        ["COMMAND", "GETKEYS", "get"],
        ["COMMAND", "HELP"],
        ["COMMAND", "LIST", "FILTERBY", "MODULE", "x"],
        ["COMMAND", "LIST", "FILTERBY", "PATTERN"],
        ["COMMAND", "NOSUCH"],
    ]

    @Test(arguments: ["2", "3"])
    func repliesMatch(protocol version: String) throws {
        let node = try ServerProcess.shakedown()
        let reference = try ServerProcess.reference()
        defer {
            node.stop()
            reference.stop()
        }
        let ours = try RedisConnection(port: node.port)
        let theirs = try RedisConnection(port: reference.port)
        _ = try ours.send("HELLO", version)
        _ = try theirs.send("HELLO", version)
        for command in Self.commands {
            let expected = ProseMask.apply(try theirs.send(command))
            #expect(ProseMask.apply(try ours.send(command)) == expected, "\(command.joined(separator: " "))")
        }
    }
}

/// Replaces the values that are prose with a placeholder, wherever a map (or a RESP2 flat
/// array of pairs) holds them.
enum ProseMask {
    static let proseKeys: Set<RESPValue> = [.bulk("summary"), .bulk("complexity"), .bulk("notes")]
    static let placeholder = RESPValue.bulk("<prose>")

    static func apply(_ value: RESPValue) -> RESPValue {
        switch value {
        case .map(let pairs):
            return .map(pairs.map { RESPValue.Pair($0.key, masked(key: $0.key, $0.value)) })
        case .array(let items?):
            var out: [RESPValue] = []
            for (i, item) in items.enumerated() {
                out.append(i > 0 ? masked(key: items[i - 1], item) : apply(item))
            }
            return .array(out)
        case .set(let items):
            return .set(items.map(apply))
        default:
            return value
        }
    }

    private static func masked(key: RESPValue, _ value: RESPValue) -> RESPValue {
        if proseKeys.contains(key) { return placeholder }
        if key == .bulk("history") {
            switch value {
            case .set(let changes): return .set(changes.map(maskChange))
            case .array(let changes?): return .array(changes.map(maskChange))
            default: return value
            }
        }
        return apply(value)
    }

    /// A history entry: [version, description].
    private static func maskChange(_ change: RESPValue) -> RESPValue {
        guard case .array(let parts?) = change, parts.count == 2 else { return change }
        return .array([parts[0], placeholder])
    }
}
