/// What the documentation table says about one command or subcommand, in the compact form
/// it is written in: the argument tree in `ArgumentSyntax`, key specs in `KeySpecSyntax`,
/// history entries as `"version: change"`, tips space-separated. `complexity` is nil only
/// where Redis documents none (PSYNC, SYNC): the reply then leaves the field out.
struct DocEntry: Sendable {
    let name: String
    let since: String
    let summary: String
    let complexity: String?
    let args: String
    let keys: [String]
    let history: [String]
    let tips: String
    let deprecated: (since: String, replacedBy: String)?
    let syscmd: Bool

    init(
        _ name: String, _ since: String, _ summary: String, complexity: String?, args: String = "",
        keys: [String] = [], history: [String] = [], tips: String = "",
        deprecated: (since: String, replacedBy: String)? = nil, syscmd: Bool = false
    ) {
        self.name = name
        self.since = since
        self.summary = summary
        self.complexity = complexity
        self.args = args
        self.keys = keys
        self.history = history
        self.tips = tips
        self.deprecated = deprecated
        self.syscmd = syscmd
    }
}

/// A command's documentation, parsed: what `COMMAND DOCS` reports (summary, since,
/// complexity, flags, history, argument tree) and the parts of `COMMAND INFO` that are not
/// in the command table (key specs, tips).
public struct CommandDoc: Sendable {
    public struct Change: Sendable, Equatable {
        public let version: String
        public let description: String
    }

    /// `set`, or `config|get` for subcommands.
    public let fullName: String
    public let summary: String
    public let since: String
    /// nil where Redis documents none.
    public let complexity: String?
    /// `deprecated`, `syscmd`, in Redis's order.
    public let docFlags: [String]
    public let deprecatedSince: String?
    public let replacedBy: String?
    public let history: [Change]
    public let arguments: [DocArgument]
    public let keySpecs: [KeySpec]
    public let tips: [String]

    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    init(_ entry: DocEntry) throws(Error) {
        fullName = entry.name
        summary = entry.summary
        since = entry.since
        complexity = entry.complexity
        docFlags = (entry.deprecated != nil ? ["deprecated"] : []) + (entry.syscmd ? ["syscmd"] : [])
        deprecatedSince = entry.deprecated?.since
        replacedBy = entry.deprecated?.replacedBy
        tips = entry.tips.split(separator: " ").map(String.init)
        var history: [Change] = []
        for line in entry.history {
            let parts = line.split(separator: ": ", maxSplits: 1)
            guard parts.count == 2 else { throw Error(description: "\(entry.name): bad history line '\(line)'") }
            history.append(Change(version: String(parts[0]), description: String(parts[1])))
        }
        self.history = history
        do {
            arguments = try ArgumentSyntax.parse(entry.args)
        } catch {
            throw Error(description: "\(entry.name): \(error)")
        }
        var specs: [KeySpec] = []
        let firstPosition = entry.name.contains("|") ? 2 : 1
        for (i, text) in entry.keys.enumerated() {
            do {
                specs.append(
                    try KeySpecSyntax.parse(text, index: i, arguments: arguments, firstPosition: firstPosition))
            } catch {
                throw Error(description: "\(entry.name): \(error)")
            }
        }
        keySpecs = specs
    }
}
