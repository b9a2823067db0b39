/// Where in a suite file something is.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A suite that cannot run, found before anything starts: where, which key, why, and what
/// would fix it.
public struct SuiteError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// The key path, e.g. `scenarios[1].nemesis[0].kill.count`.
    public var key: String
    public var message: String
    public var suggestion: String?

    public init(location: SourceLocation, key: String, message: String, suggestion: String? = nil) {
        self.location = location
        self.key = key
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(location): \(key): \(message)"
        if let suggestion { text += " (\(suggestion))" }
        return text
    }
}
