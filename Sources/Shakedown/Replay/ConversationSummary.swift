import Capture

/// What `shakedown replay --summary` prints: the capture's connections by protocol, the
/// messages each way, and the problems met — a look at a capture before replaying it.
public struct ConversationSummary: Sendable {
    public private(set) var connections = 0
    public private(set) var protocols: [ApplicationProtocol: Int] = [:]
    public private(set) var requests = 0
    public private(set) var replies = 0
    public private(set) var problems: [String] = []
    public private(set) var problemCount = 0
    private var seenProtocol: Set<TCPConnectionID> = []
    private var firstTimestamp: Int64?
    private var lastTimestamp: Int64?

    public init() {}

    public mutating func add(_ event: ConversationEvent) {
        switch event {
        case .opened(let opened):
            connections += 1
            note(opened.timestamp)
        case .message(let message):
            if message.direction == .clientToServer { requests += 1 } else { replies += 1 }
            if seenProtocol.insert(message.connection).inserted { protocols[message.protocol, default: 0] += 1 }
            note(message.timestamp)
        case .problem(let problem):
            problemCount += 1
            if problems.count < 20 { problems.append(problem.description) }
        case .closed(let closed):
            seenProtocol.remove(closed.connection)
            note(closed.timestamp)
        }
    }

    private mutating func note(_ timestamp: Int64) {
        if firstTimestamp == nil { firstTimestamp = timestamp }
        lastTimestamp = timestamp
    }

    public func render(file: String) -> String {
        let span = Double((lastTimestamp ?? 0) - (firstTimestamp ?? 0)) / 1e6
        var lines = ["\(file): \(connections) connections over \(String(format: "%.3f", span)) s"]
        let byProtocol = ApplicationProtocol.allCases.compactMap { p in protocols[p].map { "\(p) \($0)" } }
        lines.append("  protocols: " + (byProtocol.isEmpty ? "none decoded" : byProtocol.joined(separator: ", ")))
        lines.append("  messages: \(requests) client→server, \(replies) server→client")
        lines.append("  problems: \(problemCount)")
        lines += problems.map { "    " + $0 }
        if problemCount > problems.count { lines.append("    … \(problemCount - problems.count) more") }
        return lines.joined(separator: "\n")
    }
}
