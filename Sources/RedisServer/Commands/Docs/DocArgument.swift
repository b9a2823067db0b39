/// One argument of a command as `COMMAND DOCS` describes it: redis-cli builds its hints and
/// `HELP` lines from these trees, so their shape must be Redis's.
public struct DocArgument: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case key, string, integer, double, pattern
        case unixTime = "unix-time"
        case pureToken = "pure-token"
        case oneof, block
    }

    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let optional = Flags(rawValue: 1 << 0)
        public static let multiple = Flags(rawValue: 1 << 1)
        /// The token repeats with each value (`GET pattern [GET pattern ...]`).
        public static let multipleToken = Flags(rawValue: 1 << 2)

        /// Names in the order Redis prints them.
        public var names: [String] {
            [(Flags.optional, "optional"), (.multiple, "multiple"), (.multipleToken, "multiple_token")]
                .filter { contains($0.0) }.map(\.1)
        }
    }

    public var name: String
    public var kind: Kind
    public var token: String?
    public var since: String?
    public var deprecatedSince: String?
    /// For keys (and key-like patterns): which of the command's key specs describes them.
    public var keySpecIndex: Int?
    public var flags: Flags = []
    /// The alternatives of a `oneof`, the parts of a `block`.
    public var arguments: [DocArgument] = []

    public init(name: String, kind: Kind, token: String? = nil, arguments: [DocArgument] = []) {
        self.name = name
        self.kind = kind
        self.token = token
        self.arguments = arguments
    }
}
