/// Command flags, named as `COMMAND` prints them.
public struct CommandFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let write = CommandFlags(rawValue: 1 << 0)
    public static let readonly = CommandFlags(rawValue: 1 << 1)
    public static let denyoom = CommandFlags(rawValue: 1 << 2)
    public static let admin = CommandFlags(rawValue: 1 << 3)
    public static let pubsub = CommandFlags(rawValue: 1 << 4)
    public static let noscript = CommandFlags(rawValue: 1 << 5)
    public static let blocking = CommandFlags(rawValue: 1 << 6)
    public static let loading = CommandFlags(rawValue: 1 << 7)
    public static let stale = CommandFlags(rawValue: 1 << 8)
    public static let skipMonitor = CommandFlags(rawValue: 1 << 9)
    public static let skipSlowlog = CommandFlags(rawValue: 1 << 10)
    public static let fast = CommandFlags(rawValue: 1 << 11)
    public static let noAuth = CommandFlags(rawValue: 1 << 12)
    public static let mayReplicate = CommandFlags(rawValue: 1 << 13)
    public static let noMandatoryKeys = CommandFlags(rawValue: 1 << 14)
    public static let noMulti = CommandFlags(rawValue: 1 << 15)
    public static let movableKeys = CommandFlags(rawValue: 1 << 16)
    public static let allowBusy = CommandFlags(rawValue: 1 << 17)
    public static let noAsyncLoading = CommandFlags(rawValue: 1 << 18)
    public static let asking = CommandFlags(rawValue: 1 << 19)

    /// Parses the space-separated names used in the command tables.
    public init(_ names: String) {
        var flags = CommandFlags()
        for name in names.split(separator: " ") {
            guard let flag = Self.byName[String(name)] else {
                preconditionFailure("unknown command flag '\(name)' in the command table")
            }
            flags.insert(flag)
        }
        self = flags
    }

    static let ordered: [(String, CommandFlags)] = [
        ("write", .write), ("readonly", .readonly), ("denyoom", .denyoom), ("admin", .admin),
        ("pubsub", .pubsub), ("noscript", .noscript), ("blocking", .blocking), ("loading", .loading),
        ("stale", .stale), ("skip_monitor", .skipMonitor), ("skip_slowlog", .skipSlowlog),
        ("asking", .asking), ("fast", .fast), ("no_auth", .noAuth), ("may_replicate", .mayReplicate),
        ("no_mandatory_keys", .noMandatoryKeys), ("no_async_loading", .noAsyncLoading),
        ("no_multi", .noMulti), ("movablekeys", .movableKeys), ("allow_busy", .allowBusy),
    ]
    static let byName: [String: CommandFlags] = Dictionary(uniqueKeysWithValues: ordered)

    /// Names in the order Redis prints them.
    public var names: [String] { Self.ordered.filter { contains($0.1) }.map(\.0) }
}
