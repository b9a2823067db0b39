import NIOCore

/// Runs one command. Replies go to `call.client.reply`; a thrown `RedisError` becomes the
/// error reply. Every handler writes exactly one reply (MULTI/EXEC relies on it).
public typealias CommandHandler = @Sendable (inout Call) throws(RedisError) -> Void

/// The command groups of `COMMAND DOCS` (and the ACL categories they imply).
public enum CommandGroup: String, Sendable {
    case generic, string, list, set, hash, connection, server, pubsub, transactions
    case sortedSet = "sorted_set"
    case cluster, scripting, geo, hyperloglog, stream, bitmap
}

/// One entry of the command table, in Redis's shape: name, arity (negative = at least),
/// flags, key positions (first, last — negative counts from the end — and step), the group,
/// and the handler. Container commands (CONFIG, CLIENT, ...) carry subcommands instead.
/// A class, so that dispatch passes one reference around instead of copying the entry;
/// `parent`, `fullName` and `statIndex` are filled in while the table is built, never after.
public final class CommandSpec: @unchecked Sendable {
    public let name: String
    public let arity: Int
    public let flags: CommandFlags
    public let firstKey: Int
    public let lastKey: Int
    public let keyStep: Int
    public let group: CommandGroup
    public let handler: CommandHandler?
    public let subcommands: [CommandSpec]
    /// Set for subcommands: the container's name (`config` for `config|get`).
    public private(set) var parent: String?
    /// `config|get` for subcommands, the name otherwise (used in errors and stats).
    public private(set) var fullName: String
    /// Key positions for commands whose keys move (`numkeys` arguments): given the
    /// arguments, the indices of the keys.
    public let movableKeys: (@Sendable ([ByteBuffer]) -> [Int])?
    /// Extra ACL categories beyond those implied by the flags and group.
    public let extraCategories: [String]
    /// Slot of this command's counters in `ServerStats.commands`, set by `CommandTable`.
    public internal(set) var statIndex = 0

    public init(
        _ name: String, arity: Int, flags: String = "", keys: (Int, Int, Int) = (0, 0, 0),
        group: CommandGroup, categories: [String] = [],
        movableKeys: (@Sendable ([ByteBuffer]) -> [Int])? = nil,
        handler: @escaping CommandHandler
    ) {
        self.name = name
        self.arity = arity
        var f = CommandFlags(flags)
        if movableKeys != nil { f.insert(.movableKeys) }
        self.flags = f
        (self.firstKey, self.lastKey, self.keyStep) = keys
        self.group = group
        self.handler = handler
        self.subcommands = []
        self.movableKeys = movableKeys
        self.extraCategories = categories
        self.fullName = name
    }

    /// A container command: its handler is chosen by the subcommand name. A container may
    /// also run on its own when called without a subcommand (`COMMAND`), given a handler.
    public init(
        container name: String, arity: Int = -2, flags: String = "", group: CommandGroup,
        categories: [String] = [], handler: CommandHandler? = nil, subcommands: [CommandSpec]
    ) {
        self.name = name
        self.arity = arity
        self.flags = CommandFlags(flags)
        (self.firstKey, self.lastKey, self.keyStep) = (0, 0, 0)
        self.group = group
        self.handler = handler
        self.movableKeys = nil
        self.extraCategories = categories
        self.fullName = name
        self.subcommands = subcommands
        for sub in subcommands {
            sub.parent = name
            sub.fullName = "\(name)|\(sub.name)"
        }
    }

    /// ACL categories, derived as Redis derives them from flags plus the group's own (which
    /// containers do not take), in Redis's order.
    public var aclCategories: [String] {
        var cats: Set<String> = []
        if flags.contains(.write) { cats.insert("@write") }
        if flags.contains(.readonly) && group != .scripting { cats.insert("@read") }
        if flags.contains(.admin) { cats.formUnion(["@admin", "@dangerous"]) }
        if flags.contains(.pubsub) { cats.insert("@pubsub") }
        if flags.contains(.fast) { cats.insert("@fast") }
        if flags.contains(.blocking) { cats.insert("@blocking") }
        if !flags.contains(.fast) { cats.insert("@slow") }
        if subcommands.isEmpty {
            switch group {
            case .string: cats.insert("@string")
            case .list: cats.insert("@list")
            case .set: cats.insert("@set")
            case .sortedSet: cats.insert("@sortedset")
            case .hash: cats.insert("@hash")
            case .connection: cats.insert("@connection")
            case .transactions: cats.insert("@transaction")
            // WAIT is the one generic command Redis keeps out of @keyspace.
            case .generic: if name != "wait" { cats.insert("@keyspace") }
            default: break
            }
        }
        cats.formUnion(extraCategories)
        return Self.categoryOrder.filter { cats.contains($0) }
    }

    /// Redis lists a command's categories in this order.
    static let categoryOrder = [
        "@keyspace", "@read", "@write", "@set", "@sortedset", "@list", "@hash", "@string", "@bitmap",
        "@hyperloglog", "@geo", "@stream", "@pubsub", "@admin", "@fast", "@slow", "@blocking", "@dangerous",
        "@connection", "@transaction", "@scripting",
    ]

    /// Indices of the key arguments in `args` (args[0] is the command name).
    public func keyIndices(_ args: [ByteBuffer]) -> [Int] {
        if let movableKeys { return movableKeys(args) }
        guard firstKey > 0 else { return [] }
        let last = lastKey < 0 ? args.count + lastKey : lastKey
        guard last >= firstKey else { return [] }
        return Array(stride(from: firstKey, through: min(last, args.count - 1), by: keyStep))
    }
}
