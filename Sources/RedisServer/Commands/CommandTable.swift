import NIOCore

/// Every command the node knows, looked up by (case-insensitive) name. This table drives
/// dispatch, arity errors, `COMMAND` and key extraction.
/// A class so the node holds one reference; immutable after construction.
public final class CommandTable: @unchecked Sendable {
    public let commands: [CommandSpec]
    /// Lowercase name -> spec, in the node's own hash table (no `Hasher` on the hot path).
    private let byName: HashTable<Bytes, CommandSpec>
    private let subcommandsByName: [Int: [Bytes: Int]]

    public static let standard = CommandTable(
        StringCommands.all + KeyCommands.all + ListCommands.all + HashCommands.all + SetCommands.all
            + SortedSetCommands.all + ConnectionCommands.all + ServerCommands.all + TransactionCommands.all
            + PubSubCommands.all + PersistenceCommands.all + IntrospectionCommands.all + DumpRestoreCommands.all + MigrateCommand.all
            + ClusterCommands.all + ReplicationCommands.all)

    /// Number of counters slots (commands plus subcommands).
    public let statCount: Int

    public init(_ specs: [CommandSpec]) {
        let commands = specs
        var slot = 0
        for command in commands {
            command.statIndex = slot
            slot += 1
            for sub in command.subcommands {
                sub.statIndex = slot
                slot += 1
            }
        }
        self.statCount = slot
        self.commands = commands
        var byName = HashTable<Bytes, CommandSpec>()
        var subs: [Int: [Bytes: Int]] = [:]
        for (i, c) in commands.enumerated() {
            precondition(byName[Bytes(c.name)] == nil, "command '\(c.name)' is in the table twice")
            byName.insertNew(Bytes(c.name), c)
            if !c.subcommands.isEmpty {
                var map: [Bytes: Int] = [:]
                for (j, s) in c.subcommands.enumerated() { map[Bytes(s.name)] = j }
                subs[i] = map
            }
        }
        self.byName = byName
        self.subcommandsByName = subs
    }

    /// The top-level command named by `name` (any case).
    public func lookup(_ name: ByteBuffer) -> CommandSpec? {
        name.withUnsafeReadableBytes { raw -> CommandSpec? in
            guard raw.count <= 32 else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { lower in
                for i in 0..<raw.count {
                    let c = raw[i]
                    lower[i] = (c >= 65 && c <= 90) ? c | 0x20 : c
                }
                return byName[Bytes(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: lower[0..<raw.count])))]
            }
        }
    }

    public func lookup(_ name: String) -> CommandSpec? {
        byName[Bytes(name.lowercased())]
    }

    /// The subcommand `sub` of container `parent`, if any.
    public func subcommand(of parent: CommandSpec, _ sub: ByteBuffer) -> CommandSpec? {
        guard let pi = commands.firstIndex(where: { $0 === parent }), let map = subcommandsByName[pi] else { return nil }
        let lowered = Bytes(sub).lowercased()
        return map[lowered].map { parent.subcommands[$0] }
    }

    /// Every command and subcommand, in table order.
    public var allSpecs: [CommandSpec] {
        commands.flatMap { [$0] + $0.subcommands }
    }

    /// Looks up `name` or `container|sub`, as COMMAND INFO / DOCS accept.
    public func lookupFullName(_ name: String) -> CommandSpec? {
        let parts = name.lowercased().split(separator: "|", maxSplits: 1)
        guard let top = lookup(String(parts[0])) else { return nil }
        if parts.count == 1 { return top }
        return top.subcommands.first { $0.name == String(parts[1]) }
    }
}
