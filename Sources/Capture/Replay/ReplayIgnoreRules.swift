/// What `--ignore` and the built-in defaults leave out of comparison, per protocol.
///
/// - RESP: a command name (`GET`) or `COMMAND SUBCOMMAND` (`CLIENT SETNAME`) whose replies are
///   not compared; nondeterministic commands (`TIME`, `SPOP`, `SCAN` …) are ignored by default.
///   `push` leaves out pub/sub messages (compared in order per connection otherwise: they hang
///   on other connections' timing, so a replay whose publishers run freely may want this).
/// - HTTP: `header:NAME`, `status` or `body`; `date`, `server`, `x-request-id`,
///   `x-envoy-upstream-service-time` and `x-b3-*` headers are ignored by default.
/// - AMQP: a field name (`message-count`, `delivery-tag`, `body`, `properties.timestamp` …);
///   `method`, or a method's name (`basic.deliver`), also leaves out methods one side sent and
///   the other did not.
public struct ReplayIgnoreRules: Hashable, Sendable {
    /// Upper-cased `NAME` or `NAME SUB`.
    public private(set) var respCommands: Set<String>
    /// Lower-cased header names.
    public private(set) var httpHeaders: Set<String>
    public private(set) var httpStatus = false
    public private(set) var httpBody = false
    /// Lower-cased AMQP field names.
    public private(set) var amqpFields: Set<String>

    public init(_ ignore: [String], defaults: Bool = true) {
        respCommands = defaults ? Self.nondeterministicCommands : []
        httpHeaders = defaults ? Self.volatileHeaders : []
        amqpFields = []
        for rule in ignore {
            let trimmed = String(rule.trimmingSpaces())
            guard !trimmed.isEmpty else { continue }
            let lower = trimmed.lowercased()
            if lower.hasPrefix("header:") {
                httpHeaders.insert(String(lower.dropFirst("header:".count)))
            } else if lower == "status" {
                httpStatus = true
            } else if lower == "body" {
                httpBody = true
                amqpFields.insert(lower)
            } else {
                // One word may be a RESP command and an AMQP field alike (`redelivered` is no
                // command, `GET` no field): keeping both costs nothing.
                respCommands.insert(trimmed.split(separator: " ").joined(separator: " ").uppercased())
                amqpFields.insert(lower)
            }
        }
    }

    /// Whether the reply to a RESP command is left out: by its name or its name and subcommand.
    public func ignoresRESP(name: String, subcommand: String?) -> Bool {
        if respCommands.contains(name) { return true }
        if let subcommand { return respCommands.contains(name + " " + subcommand) }
        return false
    }

    /// Whether RESP pushes (pub/sub messages) are left out: the rule `push` (no command has
    /// that name).
    public var ignoresRESPPushes: Bool { respCommands.contains("PUSH") }

    public func ignoresHTTPHeader(_ lowercasedName: String) -> Bool {
        if httpHeaders.contains(lowercasedName) { return true }
        return httpHeaders.contains { $0.hasSuffix("*") && lowercasedName.hasPrefix($0.dropLast()) }
    }

    /// Replies that differ from run to run whatever the server: times, random picks, cursors,
    /// server state and introspection.
    public static let nondeterministicCommands: Set<String> = [
        "TIME", "INFO", "CLIENT", "CONFIG", "CLUSTER", "DEBUG", "MEMORY", "OBJECT", "LASTSAVE", "RANDOMKEY", "SPOP",
        "SRANDMEMBER", "HRANDFIELD", "ZRANDMEMBER", "SCAN", "SSCAN", "HSCAN", "ZSCAN", "HELLO", "COMMAND", "ROLE", "SLOWLOG",
        "LATENCY", "MONITOR", "WAIT", "ACL", "TTL", "PTTL", "SAVE", "BGSAVE", "BGREWRITEAOF", "SHUTDOWN",
    ]

    public static let volatileHeaders: Set<String> = ["date", "server", "x-request-id", "x-envoy-upstream-service-time", "x-b3-*"]
}
