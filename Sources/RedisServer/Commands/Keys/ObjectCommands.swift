/// OBJECT ENCODING | REFCOUNT | HELP. (IDLETIME and FREQ need per-key access clocks,
/// which this node does not keep; they answer as unknown subcommands.)
enum ObjectCommands {
    static let container = CommandSpec(
        container: "object", group: .generic,
        subcommands: [
            CommandSpec("encoding", arity: 3, flags: "readonly", keys: (2, 2, 1), group: .generic) { call throws(RedisError) in
                guard let entry = KeyCommands.readEntry(call, call.bytes(2)) else {
                    call.reply.null()
                    return
                }
                call.reply.bulk(encoding(of: entry))
            },
            CommandSpec("refcount", arity: 3, flags: "readonly", keys: (2, 2, 1), group: .generic) { call throws(RedisError) in
                guard let entry = KeyCommands.readEntry(call, call.bytes(2)) else {
                    call.reply.null()
                    return
                }
                // Redis shares the integers 0..9999 between keys and reports them as immortal.
                if case .string(let s) = entry.value, let v = s.int64, v >= 0 && v < 10000 {
                    call.reply.integer(Int(Int32.max))
                } else {
                    call.reply.integer(1)
                }
            },
            CommandSpec("help", arity: 2, flags: "loading stale", group: .generic) { call throws(RedisError) in
                let lines = [
                    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "ENCODING <key>",
                    "    Return the kind of internal representation used in order to store the value",
                    "    associated with a <key>.",
                    "REFCOUNT <key>",
                    "    Return the number of references of the value associated with the specified",
                    "    <key>.",
                    "HELP",
                    "    Print this help.",
                ]
                call.reply.arrayHeader(lines.count)
                for l in lines { call.reply.simpleString(l) }
            },
        ])

    /// The encoding Redis 7.0 would report for this value.
    static func encoding(of entry: DBEntry) -> String {
        switch entry.value {
        case .string(let s):
            if entry.rawString { return "raw" }
            if !entry.plainString, s.count <= 20, s.int64 != nil { return "int" }
            return s.count <= 44 ? "embstr" : "raw"
        case .list: return "quicklist"
        case .hash(let h): return h.encoding
        case .set(let s): return s.encoding
        case .zset(let z): return z.encoding
        }
    }
}
