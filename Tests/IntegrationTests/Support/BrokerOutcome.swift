import Foundation

/// What a broker did with one operation, as the pika scripts in Tests/Helpers/broker print
/// it (one JSON object a line) and the recorded expectations in Fixtures/broker hold it.
struct BrokerOutcome: Codable, Hashable, Sendable, CustomStringConvertible {
    let `case`: String
    let user: String
    let op: String
    /// "ok", "channel-closed" or "connection-closed".
    let outcome: String
    /// The reply code of the close; 0 for "ok".
    let code: Int
    /// The reply text of the close; for "ok", what the reply said (e.g. "get-ok body").
    let text: String

    /// A case is one operation by one user.
    var key: String { "\(self.case) [\(user)]" }

    var description: String {
        [outcome, code == 0 ? "" : String(code), text].filter { !$0.isEmpty }.joined(separator: " ")
    }

    var isRefusal: Bool { outcome != "ok" }

    /// Parses JSON lines; anything else (a warning on stderr) is skipped.
    static func parse(lines text: String) throws -> [BrokerOutcome] {
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").filter { $0.hasPrefix("{\"case\"") }.map {
            try decoder.decode(BrokerOutcome.self, from: Data($0.utf8))
        }
    }

    /// A recorded expectation under Fixtures/broker.
    static func fixture(_ relativePath: String) throws -> [BrokerOutcome] {
        let url = PackagePaths.root.appendingPathComponent("Fixtures/broker").appendingPathComponent(relativePath)
        return try parse(lines: String(contentsOf: url, encoding: .utf8))
    }
}

/// The cases where two runs differ, one line each: changed, missing or unexpected; empty
/// when they agree case for case.
enum OutcomeComparison {
    static func differences(expected: [BrokerOutcome], actual: [BrokerOutcome]) -> [String] {
        let actualByKey = Dictionary(actual.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let expectedKeys = Set(expected.map(\.key))
        var lines: [String] = []
        for want in expected {
            guard let got = actualByKey[want.key] else {
                lines.append("\(want.key) (\(want.op)): missing; expected \(want)")
                continue
            }
            if got != want { lines.append("\(want.key) (\(want.op)): expected \(want)\n    got \(got)") }
        }
        for got in actual where !expectedKeys.contains(got.key) {
            lines.append("\(got.key) (\(got.op)): not expected; got \(got)")
        }
        return lines
    }
}

/// The pika scripts of Tests/Helpers/broker, run against any host and port.
enum BrokerScripts {
    static let directory = PackagePaths.root.appendingPathComponent("Tests/Helpers/broker")

    /// Why the scripts cannot run here (python3 or pika missing), or nil.
    static let unavailableReason: String? = {
        guard let check = try? ExternalTool.run("python3", ["-c", "import pika"]) else { return "python3 is not on the PATH" }
        return check.status == 0 ? nil : "pika is not installed (Scripts/setup.sh installs it)"
    }()

    /// Where `run(_:_:savingAs:)` keeps the last outcomes of each run, in the fixtures' format:
    /// to diff two targets, or to re-record the oracle's expectation by copying it over.
    static let outputDirectory = PackagePaths.root.appendingPathComponent(".build/broker-outcomes")

    /// Runs `script` and returns the outcomes it printed (also saved as
    /// `outputDirectory/<name>.jsonl`); throws with its output when it fails.
    static func run(_ script: String, _ arguments: [String], savingAs name: String) throws -> [BrokerOutcome] {
        let path = directory.appendingPathComponent(script).path
        let result = try ExternalTool.run("python3", [path] + arguments)
        guard result.status == 0 else {
            throw ServerProcess.Failure(description: "\(script) exited with \(result.status):\n\(result.output)")
        }
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("{\"case\"") }
        try? FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        try? (lines.joined(separator: "\n") + "\n").write(to: savedFile(name), atomically: true, encoding: .utf8)
        return try BrokerOutcome.parse(lines: result.output)
    }

    static func savedFile(_ name: String) -> URL { outputDirectory.appendingPathComponent("\(name).jsonl") }
}

/// The permission matrix (Tests/Helpers/broker/permission_matrix.py) against a broker that
/// loaded Fixtures/broker/permissions/definitions.json. With `nonLoopbackHost`, the guest
/// login is also tried from that address of this machine. The outcomes are also saved as
/// `BrokerScripts.savedFile(name)`.
func matrixOutcomes(
    host: String, port: Int, managementPort: Int? = nil, nonLoopbackHost: String? = nil,
    savingAs name: String = "permission-matrix"
) throws -> [BrokerOutcome] {
    var arguments = ["--host", host, "--port", String(port)]
    if let managementPort { arguments += ["--management-port", String(managementPort)] }
    if let nonLoopbackHost { arguments += ["--non-loopback-host", nonLoopbackHost] }
    return try BrokerScripts.run("permission_matrix.py", arguments, savingAs: name)
}
