/// Where a command's keys are and how it uses them, as `COMMAND INFO` reports (Redis 7 key
/// specs): first find where to start (`begin`), then which arguments from there are keys.
public struct KeySpec: Sendable, Equatable {
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let ro = Flags(rawValue: 1 << 0)
        public static let rw = Flags(rawValue: 1 << 1)
        public static let ow = Flags(rawValue: 1 << 2)
        public static let rm = Flags(rawValue: 1 << 3)
        public static let access = Flags(rawValue: 1 << 4)
        public static let update = Flags(rawValue: 1 << 5)
        public static let insert = Flags(rawValue: 1 << 6)
        public static let delete = Flags(rawValue: 1 << 7)
        public static let notKey = Flags(rawValue: 1 << 8)
        public static let incomplete = Flags(rawValue: 1 << 9)
        public static let variableFlags = Flags(rawValue: 1 << 10)

        static let ordered: [(String, Flags)] = [
            ("RO", .ro), ("RW", .rw), ("OW", .ow), ("RM", .rm), ("access", .access), ("update", .update),
            ("insert", .insert), ("delete", .delete), ("not_key", .notKey), ("incomplete", .incomplete),
            ("variable_flags", .variableFlags),
        ]
        static let byName = Dictionary(uniqueKeysWithValues: ordered)

        /// Names in the order Redis prints them.
        public var names: [String] { Self.ordered.filter { contains($0.1) }.map(\.0) }
    }

    public enum Begin: Sendable, Equatable {
        /// The search starts at a fixed argument index.
        case index(Int)
        /// The search starts after `keyword`, looked for from `startFrom` (negative: from the
        /// end, backwards).
        case keyword(String, startFrom: Int)
        case unknown
    }

    public enum Find: Sendable, Equatable {
        /// Keys from the start to `lastKey` (relative; negative counts from the end of the
        /// arguments), every `step`; `limit` > 1 keeps only that fraction of what remains.
        case range(lastKey: Int, step: Int, limit: Int)
        /// The argument at `numkeysIndex` (relative) counts the keys, which start at
        /// `firstKey` (relative) every `step`.
        case keynum(numkeysIndex: Int, firstKey: Int, step: Int)
        case unknown
    }

    public var flags: Flags
    public var begin: Begin
    public var find: Find
    public var notes: String?

    public init(flags: Flags, begin: Begin, find: Find, notes: String? = nil) {
        self.flags = flags
        self.begin = begin
        self.find = find
        self.notes = notes
    }
}
