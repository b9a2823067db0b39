import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// DEBUG SLEEP | RELOAD | DIGEST | DIGEST-VALUE | POPULATE | SET-ACTIVE-EXPIRE | HELP.
/// Guarded by `enable-debug-command` (no by default in 7.0), checked in dispatch.
enum DebugCommand {
    static let spec = CommandSpec(
        "debug", arity: -2, flags: "admin noscript loading stale", group: .server, handler: debug)

    /// Each subcommand runs only with the argument count Redis accepts for it; anything else
    /// gets Redis's "unknown subcommand or wrong number of arguments" error.
    static func debug(_ call: inout Call) throws(RedisError) {
        switch (call.string(1).lowercased(), call.count) {
        case ("sleep", 3):
            // Blocks the whole server, which is the point: it simulates a stall. Like Redis,
            // the argument is read with strtod (garbage is 0 seconds).
            sleep(seconds: strtod(call.string(2), nil))
            call.reply.ok()
        case ("reload", _):
            try reload(&call)
        case ("digest", 2):
            call.reply.simpleString(hex(Digest.dataset(call.node.databases)))
        case ("digest-value", _):
            call.reply.arrayHeader(call.count - 2)
            for i in 2..<max(2, call.count) {
                let entry = call.lookupEntry(call.bytes(i))
                let digest = entry.map { Digest.value($0.value, expireAt: $0.expireAt) } ?? Array(repeating: 0, count: 20)
                call.reply.simpleString(hex(digest))
            }
        case ("populate", 3...5):
            try populate(&call)
        case ("set-active-expire", 3):
            // atoi: whatever is not a number disables active expiry.
            call.node.activeExpireEnabled = atoi(call.string(2)) != 0
            call.reply.ok()
        case ("help", 2):
            let lines = [
                "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "DIGEST", "    Output a hex signature representing the current DB content.",
                "DIGEST-VALUE <key> [<key> ...]", "    Output a hex signature of the values of all the specified keys.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                "    it is used instead of the 'key' prefix. These are not propagated to",
                "    replicas. Cluster slots are not respected so keys not belonging to the",
                "    current node can be created in cluster mode.",
                "RELOAD [option ...]", "    Save the RDB on disk and reload it back to memory. Options:",
                "    * MERGE: conflicting keys will be loaded from RDB.",
                "    * NOFLUSH: the existing database will not be removed before load, but",
                "      conflicting keys will generate an exception and kill the server.",
                "    * NOSAVE: the database will be loaded from an existing RDB file.",
                "SET-ACTIVE-EXPIRE <0|1>", "    Setting it to 0 disables expiring keys in background when they are not",
                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                "    default.",
                "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.",
                "HELP", "    Print this help.",
            ]
            call.reply.arrayHeader(lines.count)
            for l in lines { call.reply.simpleString(l) }
        default:
            throw RedisError(
                "ERR unknown subcommand or wrong number of arguments for '\(call.string(1).prefix(128))'. Try DEBUG HELP.")
        }
    }

    /// nanosleep, clamped: a negative or absurd duration must not trap on conversion.
    static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        let whole = min(seconds.rounded(.down), Double(Int32.max))
        var request = timespec(tv_sec: Int(whole), tv_nsec: Int(min(max(seconds - whole, 0), 0.999_999_999) * 1e9))
        nanosleep(&request, nil)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Saves the RDB, empties memory and loads it back — a full round trip through disk.
    static func reload(_ call: inout Call) throws(RedisError) {
        var save = true
        var flush = true
        var merge = false
        for i in 2..<max(2, call.count) {
            switch call.string(i).uppercased() {
            case "NOSAVE": save = false
            case "NOFLUSH": flush = false
            case "MERGE": merge = true
            default: throw RedisError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
            }
        }
        let node = call.node
        let persistence = node.persistence
        if save && !persistence.saveSynchronously() { throw RedisError("ERR") }
        if flush && !merge {
            for db in node.databases { _ = node.emptyDatabase(db) }
        }
        do {
            try RDBSnapshot.loadMerging(
                persistence.rdbPath, into: node.databases, limits: node.config.encoding, replace: merge)
        } catch {
            node.log.warning("\(error)")
            throw RedisError("ERR Error trying to load the RDB dump, check server logs.")
        }
        node.log.notice("DB reloaded by DEBUG RELOAD")
        call.propagation = []
        call.reply.ok()
    }

    static func populate(_ call: inout Call) throws(RedisError) {
        let count = try call.int(2, error: .positiveValue)
        guard count >= 0 else { throw .positiveValue }
        let prefix = call.count >= 4 ? call.string(3) : "key"
        // A size of 0 means "no size": values stay `value:<n>`, as in Redis.
        var size: Int64 = 0
        if call.count == 5 {
            size = try call.int(4, error: .positiveValue)
            guard size >= 0 else { throw .positiveValue }
        }
        let db = call.db
        for i in 0..<count {
            // Redis formats the key into a 128-byte buffer: longer names are cut.
            let key = Bytes(Array(Array("\(prefix):\(i)".utf8).prefix(127)))
            if call.node.liveIndex(db, key) != nil { continue }
            var value = Array("value:\(i)".utf8)
            if size > 0 {
                if value.count > Int(size) {
                    value.removeLast(value.count - Int(size))
                } else {
                    value.append(contentsOf: repeatElement(0, count: Int(size) - value.count))
                }
            }
            db.add(key, DBEntry(value: .string(Bytes(value))))
            call.modified(key)
        }
        // Not propagated, as in Redis.
        call.propagation = []
        call.reply.ok()
    }
}
