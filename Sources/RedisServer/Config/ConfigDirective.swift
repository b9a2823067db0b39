import Foundation

/// One configuration directive: its names, how its value is parsed and printed, and where
/// it lands in `ServerConfig`.
public struct ConfigDirective: @unchecked Sendable {
    public enum Kind {
        case bool(ReferenceWritableKeyPath<ServerConfig, Bool>)
        case int(ReferenceWritableKeyPath<ServerConfig, Int>, min: Int, max: Int)
        case memory(ReferenceWritableKeyPath<ServerConfig, Int>, min: Int, max: Int)
        case string(ReferenceWritableKeyPath<ServerConfig, String>)
        case choice(get: (ServerConfig) -> String, set: (ServerConfig, String) -> Bool, options: [String])
        /// Anything else (save, bind, requirepass ...). `set` gets the arguments after the name.
        case custom(get: (ServerConfig) -> String, set: (ServerConfig, [String]) throws(ConfigError) -> Void)
        /// Accepted, shown by CONFIG GET, but no effect here.
        case inert
    }

    public let name: String
    public let aliases: [String]
    public let kind: Kind
    public let defaultValue: String
    public let immutable: Bool
    /// Takes several arguments in a file (`save 900 1 300 10`); CONFIG SET splits its one
    /// argument on spaces.
    public let multiArgument: Bool

    public init(
        _ name: String, aliases: [String] = [], _ kind: Kind, default defaultValue: String,
        immutable: Bool = false, multiArgument: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.defaultValue = defaultValue
        self.immutable = immutable
        self.multiArgument = multiArgument
    }

    public var isInert: Bool {
        if case .inert = kind { return true }
        return false
    }

    public func get(_ config: ServerConfig) -> String {
        switch kind {
        case .bool(let path): return config[keyPath: path] ? "yes" : "no"
        case .int(let path, _, _), .memory(let path, _, _): return String(config[keyPath: path])
        case .string(let path): return config[keyPath: path]
        case .choice(let get, _, _): return get(config)
        case .custom(let get, _): return get(config)
        case .inert: return config.inert[name] ?? defaultValue
        }
    }

    public func set(_ config: ServerConfig, _ args: [String]) throws(ConfigError) {
        if case .custom(_, let set) = kind {
            try set(config, args)
            return
        }
        if case .inert = kind, multiArgument {
            config.inert[name] = args.joined(separator: " ")
            return
        }
        guard args.count == 1 else { throw .wrongArgCount }
        let value = args[0]
        switch kind {
        case .bool(let path):
            switch value.lowercased() {
            case "yes": config[keyPath: path] = true
            case "no": config[keyPath: path] = false
            default: throw .yesOrNo
            }
        case .int(let path, let min, let max):
            guard let n = Int(value) else { throw .notInteger }
            guard n >= min && n <= max else { throw ConfigError("argument must be between \(min) and \(max) inclusive") }
            config[keyPath: path] = n
        case .memory(let path, let min, let max):
            guard let n = ConfigValues.memory(value) else { throw .notMemory }
            guard n >= min && n <= max else { throw ConfigError("argument must be between \(min) and \(max) inclusive") }
            config[keyPath: path] = n
        case .string(let path):
            config[keyPath: path] = value
        case .choice(_, let set, let options):
            guard set(config, value.lowercased()) else {
                throw ConfigError("argument(s) must be one of the following: \(options.joined(separator: ", "))")
            }
        case .inert:
            config.inert[name] = value
        case .custom:
            break
        }
    }
}

/// Parsing of Redis's value syntaxes.
public enum ConfigValues {
    /// `memtoull`: a number with an optional unit k/kb/m/mb/g/gb (case-insensitive;
    /// k = 1000, kb = 1024).
    public static func memory(_ text: String) -> Int? {
        let lower = text.lowercased()
        let units: [(String, Int)] = [
            ("gb", 1024 * 1024 * 1024), ("mb", 1024 * 1024), ("kb", 1024),
            ("g", 1_000_000_000), ("m", 1_000_000), ("k", 1000), ("b", 1),
        ]
        for (suffix, multiplier) in units where lower.hasSuffix(suffix) {
            guard let n = Int(lower.dropLast(suffix.count)), n >= 0 else { return nil }
            return n.multipliedReportingOverflow(by: multiplier).overflow ? nil : n * multiplier
        }
        guard let n = Int(lower), n >= 0 else { return nil }
        return n
    }
}
