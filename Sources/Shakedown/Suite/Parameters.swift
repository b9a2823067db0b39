import Yams

/// A YAML mapping from a suite, read key by key with locations, so that every error names the
/// file, line and key. Each reader call marks its key as known; `finish()` reports the keys
/// nobody asked for, with the nearest known key as a suggestion.
public final class Parameters {
    public let file: String
    /// Key path of this mapping, e.g. `scenarios[0].checks[1].failover`.
    public let path: String
    let node: Node
    private let pairs: [(key: String, keyNode: Node, value: Node)]
    private var asked: [String] = []

    /// `node` may be a mapping or null (an entry written as `- slot-coverage:` or `{}`).
    public init(node: Node, file: String, path: String) throws {
        self.node = node
        self.file = file
        self.path = path
        switch node {
        case .mapping(let mapping):
            var pairs: [(String, Node, Node)] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw SuiteError(
                        location: Self.location(of: key, file: file), key: path, message: "keys must be plain names")
                }
                if pairs.contains(where: { $0.0 == name }) {
                    throw SuiteError(
                        location: Self.location(of: key, file: file), key: Self.join(path, name),
                        message: "key appears twice")
                }
                pairs.append((name, key, value))
            }
            self.pairs = pairs
        case .scalar(let scalar) where scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null":
            pairs = []
        default:
            throw SuiteError(
                location: Self.location(of: node, file: file), key: path, message: "expected a mapping of settings")
        }
    }

    // MARK: Readers

    /// The raw node for `key`, marking it known.
    public func value(_ key: String) -> Node? {
        asked.append(key)
        return pairs.first { $0.key == key }?.value
    }

    public var keys: [String] { pairs.map(\.key) }

    public func string(_ key: String) throws -> String? {
        guard let node = value(key) else { return nil }
        guard let text = node.scalar?.string else { throw error(key, "expected a single value") }
        return text
    }

    public func int(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text) else { throw error(key, "'\(text)' is not a whole number") }
        if let range, !range.contains(value) {
            throw error(key, "\(value) is out of range", suggestion: "use \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    public func double(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let text = try string(key) else { return nil }
        guard let value = Double(text), value.isFinite else { throw error(key, "'\(text)' is not a number") }
        if let range, !range.contains(value) {
            throw error(key, "\(text) is out of range", suggestion: "use \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let text = try string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(key, "'\(text)' is not true or false")
        }
    }

    /// A duration such as `500ms`, `5s`, `1.5s`, `2m`.
    public func duration(_ key: String) throws -> Duration? {
        guard let text = try string(key) else { return nil }
        guard let duration = DurationText.parse(text) else {
            throw error(key, "'\(text)' is not a duration", suggestion: "write it as 500ms, 5s, 1.5s or 2m")
        }
        return duration
    }

    /// One of a fixed set of words.
    public func choice(_ key: String, among choices: [String]) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard choices.contains(text) else {
            throw error(
                key, "'\(text)' is not one of \(choices.joined(separator: ", "))",
                suggestion: Suggestion.nearest(to: text, among: choices).map { "did you mean '\($0)'?" })
        }
        return text
    }

    /// A nested mapping.
    public func nested(_ key: String) throws -> Parameters? {
        guard let node = value(key) else { return nil }
        return try Parameters(node: node, file: file, path: Self.join(path, key))
    }

    /// A list; each element comes with its key path.
    public func list(_ key: String) throws -> [(node: Node, path: String)]? {
        guard let node = value(key) else { return nil }
        guard case .sequence(let sequence) = node else { throw error(key, "expected a list") }
        return sequence.enumerated().map { ($0.element, "\(Self.join(path, key))[\($0.offset)]") }
    }

    /// Rejects keys outside `known` before anything is read, so a misspelt key is reported
    /// as such rather than as the required key it was meant to be.
    public func allow(_ known: [String]) throws {
        for pair in pairs where !known.contains(pair.key) {
            throw SuiteError(
                location: Self.location(of: pair.keyNode, file: file), key: Self.join(path, pair.key),
                message: "unknown key",
                suggestion: Suggestion.nearest(to: pair.key, among: known).map { "did you mean '\($0)'?" }
                    ?? "known keys: \(known.joined(separator: ", "))")
        }
    }

    /// Reports every key no reader asked for. Call after reading all known keys.
    public func finish() throws {
        for pair in pairs where !asked.contains(pair.key) {
            throw SuiteError(
                location: Self.location(of: pair.keyNode, file: file), key: Self.join(path, pair.key),
                message: "unknown key",
                suggestion: Suggestion.nearest(to: pair.key, among: asked).map { "did you mean '\($0)'?" }
                    ?? (asked.isEmpty ? "this entry takes no settings" : "known keys: \(asked.joined(separator: ", "))"))
        }
    }

    // MARK: Errors

    /// An error located at `key`'s value (or at this mapping when the key is absent).
    public func error(_ key: String, _ message: String, suggestion: String? = nil) -> SuiteError {
        let located = pairs.first { $0.key == key }?.value ?? node
        return SuiteError(
            location: Self.location(of: located, file: file), key: Self.join(path, key), message: message,
            suggestion: suggestion)
    }

    /// An error about this mapping as a whole.
    public func error(_ message: String, suggestion: String? = nil) -> SuiteError {
        SuiteError(location: Self.location(of: node, file: file), key: path, message: message, suggestion: suggestion)
    }

    public var location: SourceLocation { Self.location(of: node, file: file) }

    static func location(of node: Node, file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
