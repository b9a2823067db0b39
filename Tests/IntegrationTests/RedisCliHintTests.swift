import Foundation
import Testing

/// redis-cli 7.0 builds its hints and `HELP` from `COMMAND DOCS`; it must render ours
/// exactly as it renders real Redis's. Each test runs our built node and the reference
/// redis-server side by side and asks the real redis-cli about both.
@Suite(.serialized) struct RedisCliHintTests {
    /// What the user has typed; the hint is what redis-cli shows after it.
    static let typed = [
        "SET mykey ", "set mykey value NX ", "GETEX k ", "LPOS k e ", "BLMPOP 0 2 a b ", "LMOVE a b LEFT ",
        "MSET a 1 ", "EXPIRE k 10 ", "SCAN 0 ", "COPY a ", "CLIENT KILL ", "client list ", "OBJECT ENCODING ",
        "HELLO ", "AUTH ", "COMMAND LIST ", "COMMAND DOCS ", "PUBSUB NUMSUB ", "PING ", "GET",
    ]

    @Test func hintsMatchRealRedis() throws {
        let node = try ServerProcess.shakedown()
        let reference = try ServerProcess.reference()
        defer {
            node.stop()
            reference.stop()
        }
        let ours = try hints(port: node.port, for: Self.typed)
        let theirs = try hints(port: reference.port, for: Self.typed)
        for (i, line) in Self.typed.enumerated() {
            #expect(ours[i] == theirs[i], "hint after \"\(line)\"")
            #expect(theirs[i] != nil, "redis-server gave no hint after \"\(line)\": the probe is broken")
        }
    }

    /// `redis-cli help @group` prints every command of a group with its arguments, all
    /// rendered from COMMAND DOCS; each of our commands must print as Redis's does.
    @Test(arguments: [
        "generic", "string", "list", "hash", "set", "sorted-set", "pubsub", "transactions", "connection", "server",
    ])
    func helpLinesMatchRealRedis(group: String) throws {
        let node = try ServerProcess.shakedown()
        let reference = try ServerProcess.reference()
        defer {
            node.stop()
            reference.stop()
        }
        let ours = try usageLines(port: node.port, group: group)
        let theirs = Set(try usageLines(port: reference.port, group: group))
        #expect(!theirs.isEmpty)
        for line in ours {
            #expect(theirs.contains(line), "redis-cli renders \"\(line)\" for our node only")
        }
    }

    /// Types each line into an interactive redis-cli and returns the hint shown after it
    /// (nil when there is none), clearing the line (Ctrl-U) between lines.
    func hints(port: Int, for lines: [String]) throws -> [String?] {
        let terminal = try PseudoTerminal(
            try ExternalTool.locate("redis-cli"), ["-p", String(port)],
            environment: ["REDISCLI_HISTFILE": "/dev/null", "REDISCLI_RCFILE": "/dev/null"])
        defer { terminal.close() }
        let prompt = "127.0.0.1:\(port)> "
        _ = terminal.read { $0.contains(prompt) }
        var hints: [String?] = []
        for line in lines {
            terminal.type(line)
            let screen = terminal.read { lastRefresh($0).hasPrefix(prompt + line) }
            hints.append(hint(in: lastRefresh(screen)))
            terminal.type("\u{15}")
            _ = terminal.read { lastRefresh($0).hasPrefix(prompt + "\r") }
        }
        return hints
    }

    /// linenoise redraws the line from scratch (`\r` + erase line) on every keystroke.
    func lastRefresh(_ screen: String) -> String {
        screen.components(separatedBy: "\r\u{1b}[0K").last ?? ""
    }

    /// The hint is drawn in grey (SGR 90) after the typed text.
    func hint(in refresh: String) -> String? {
        guard let start = refresh.range(of: "\u{1b}[0;90;49m"),
            let end = refresh.range(of: "\u{1b}[0m", range: start.upperBound..<refresh.endIndex)
        else { return nil }
        return String(refresh[start.upperBound..<end.lowerBound])
    }

    /// The "COMMAND arguments" lines of `redis-cli help @group`, colours stripped.
    func usageLines(port: Int, group: String) throws -> [String] {
        let process = Process()
        process.executableURL = try ExternalTool.locate("redis-cli")
        process.arguments = ["-p", String(port), "help", "@\(group)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\u{1b}\\[[0-9;]*m", with: "", options: .regularExpression)
        return text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("  summary:") && !$0.hasPrefix("  since:") }
    }
}
