import Foundation
import Yams

/// Reads suite files and validates everything before anything starts: unknown keys, bad
/// durations, impossible topologies, faults that cannot apply, unknown checks. Every error
/// names the file, line and key, with a suggestion where one helps.
public enum SuiteLoader {
    static let suiteKeys = ["name", "description", "system", "topology", "seed", "capture", "scenarios"]
    static let systems = ["redis-cluster"]

    /// Loads every `.yaml`/`.yml` file of the paths given (files, or folders searched one level).
    public static func load(paths: [String]) throws -> [Suite] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SuiteError(
                    location: SourceLocation(file: path, line: 0, column: 0), key: "", message: "no such file or folder")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return try files.map(load(file:))
    }

    public static func load(file: String) throws -> Suite {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SuiteError(
                location: SourceLocation(file: file, line: 0, column: 0), key: "",
                message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> Suite {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SuiteError(location: SourceLocation(file: file, line: 1, column: 1), key: "", message: "the file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw yamlError(error, file: file, text: text)
        }
        let top = try Parameters(node: root, file: file, path: "")
        try top.allow(suiteKeys)
        guard let name = try top.string("name") else {
            throw top.error("name", "a suite needs a name", suggestion: "add name: my-suite")
        }
        _ = try top.string("description")
        let system = try top.choice("system", among: systems) ?? "redis-cluster"
        let topology = try topologyValue(top.nested("topology"), base: nil)
            ?? Topology(masters: 3, replicasPerMaster: 1, nodeTimeout: .seconds(1))
        let seed = try seedValue(top, "seed") ?? 1
        let capture = try top.bool("capture") ?? false
        guard let entries = try top.list("scenarios"), !entries.isEmpty else {
            throw top.error("scenarios", "a suite needs at least one scenario", suggestion: "add scenarios: with a - name: entry")
        }
        var scenarios: [Scenario] = []
        for entry in entries {
            let scenario = try scenarioValue(
                Parameters(node: entry.node, file: file, path: entry.path), topology: topology, seed: seed, capture: capture)
            if scenarios.contains(where: { $0.name == scenario.name }) {
                throw SuiteError(
                    location: scenario.location, key: "\(entry.path).name", message: "two scenarios named '\(scenario.name)'")
            }
            scenarios.append(scenario)
        }
        try top.finish()
        return Suite(file: file, name: name, system: system, topology: topology, seed: seed, scenarios: scenarios, capture: capture)
    }

    static let scenarioKeys = [
        "name", "description", "topology", "seed", "start", "workload", "replay", "nemesis", "checks", "duration", "capture",
    ]

    static func scenarioValue(_ parameters: Parameters, topology base: Topology, seed: UInt64, capture suiteCapture: Bool) throws
        -> Scenario
    {
        try parameters.allow(scenarioKeys)
        guard let name = try parameters.string("name") else {
            throw parameters.error("name", "a scenario needs a name")
        }
        _ = try parameters.string("description")
        let topology = try topologyValue(parameters.nested("topology"), base: base) ?? base
        let seed = try seedValue(parameters, "seed") ?? seed
        let capture = try parameters.bool("capture") ?? suiteCapture
        var start = StartSpec()
        if let startParameters = try parameters.nested("start") {
            start.waitForSync = try startParameters.bool("wait-for-sync") ?? true
            start.preloadKeys = try startParameters.int("preload-keys", in: 0...10_000_000) ?? 0
            try startParameters.finish()
        }
        let workload = try parameters.nested("workload").map { workload in
            try workload.allow(WorkloadSpec.keys)
            return try WorkloadSpec(parameters: workload)
        }
        if let workload, let replicas = workload.waitReplicas, replicas > topology.replicasPerMaster {
            throw parameters.error(
                "workload", "WAIT for \(replicas) replicas, but masters have \(topology.replicasPerMaster)",
                suggestion: "lower wait.replicas or raise replicas-per-master")
        }
        let replay = try parameters.nested("replay").map(ReplaySpec.init(parameters:))
        let nemesis = try (parameters.list("nemesis") ?? []).map { entry in
            try stepValue(entry.node, path: entry.path, file: parameters.file, topology: topology)
        }
        let lastFault = nemesis.map(\.at).max() ?? .zero
        let defaultDuration = max(workload?.duration ?? .zero, lastFault + topology.nodeTimeout * 2 + .seconds(3))
        let duration = try parameters.duration("duration") ?? defaultDuration
        if let step = nemesis.first(where: { $0.at > duration }) {
            throw SuiteError(
                location: step.location, key: "\(parameters.path).nemesis",
                message: "fault at \(DurationText.format(step.at)) is after the scenario ends (\(DurationText.format(duration)))",
                suggestion: "raise duration or move the fault earlier")
        }
        let checkEntries = try parameters.list("checks") ?? []
        // A replay is checked by its divergences; anything else needs a check to mean something.
        if checkEntries.isEmpty && replay == nil {
            throw parameters.error("checks", "a scenario needs at least one check", suggestion: "add checks: - slot-coverage")
        }
        let checks = try checkEntries.map { entry in try checkValue(entry.node, path: entry.path, file: parameters.file) }
        try parameters.finish()
        return Scenario(
            name: name, topology: topology, seed: seed, start: start, workload: workload, replay: replay, nemesis: nemesis,
            checks: checks, duration: duration, location: parameters.location, capture: capture)
    }

    static func topologyValue(_ parameters: Parameters?, base: Topology?) throws -> Topology? {
        guard let parameters else { return nil }
        try parameters.allow(["masters", "replicas-per-master", "node-timeout"])
        let masters = try parameters.int("masters", in: 1...64) ?? base?.masters ?? 3
        if masters < 3 {
            throw parameters.error(
                "masters", "Redis Cluster needs at least 3 masters (redis-cli --cluster create refuses fewer)",
                suggestion: "use masters: 3")
        }
        let replicas = try parameters.int("replicas-per-master", in: 0...8) ?? base?.replicasPerMaster ?? 1
        let timeout = try parameters.duration("node-timeout") ?? base?.nodeTimeout ?? .seconds(1)
        if timeout < .milliseconds(100) || timeout > .seconds(120) {
            throw parameters.error("node-timeout", "\(DurationText.format(timeout)) is out of range", suggestion: "use 100ms...120s")
        }
        if timeout.nanoseconds % 1_000_000 != 0 {
            throw parameters.error("node-timeout", "Redis takes whole milliseconds")
        }
        try parameters.finish()
        return Topology(masters: masters, replicasPerMaster: replicas, nodeTimeout: timeout)
    }

    static func seedValue(_ parameters: Parameters, _ key: String) throws -> UInt64? {
        guard let text = try parameters.string(key) else { return nil }
        guard let seed = UInt64(text) else { throw parameters.error(key, "'\(text)' is not a seed (a whole number ≥ 0)") }
        return seed
    }

    /// `{ at: 5s, kill: { role: master } }`; a scalar value is a node (`restart: killed`).
    static func stepValue(_ node: Node, path: String, file: String, topology: Topology) throws -> NemesisStep {
        let step = try Parameters(node: node, file: file, path: path)
        guard let at = try step.duration("at") else {
            throw step.error("at", "a fault needs a time", suggestion: "add at: 5s")
        }
        let faultKeys = step.keys.filter { $0 != "at" }
        guard faultKeys.count == 1, let name = faultKeys.first else {
            throw step.error(
                faultKeys.isEmpty ? "which fault?" : "one fault per entry, found \(faultKeys.joined(separator: ", "))",
                suggestion: "faults: \(FaultRegistry.all.map { $0.name }.joined(separator: ", "))")
        }
        guard let type = FaultRegistry.named(name) else {
            _ = step.value(name)
            throw step.error(
                name, "unknown fault '\(name)'",
                suggestion: Suggestion.nearest(to: name, among: FaultRegistry.all.map { $0.name }).map { "did you mean '\($0)'?" }
                    ?? "faults: \(FaultRegistry.all.map { $0.name }.joined(separator: ", "))")
        }
        var value = step.value(name)!
        if case .scalar(let scalar) = value, !scalar.string.isEmpty {
            let key = Node.scalar(Node.Scalar("node", .implicit, .any, scalar.mark))
            value = .mapping(Node.Mapping([(key, value)], .implicit, .any, scalar.mark))
        }
        let fault = try type.init(parameters: Parameters(node: value, file: file, path: "\(path).\(name)"), topology: topology)
        try step.finish()
        return NemesisStep(at: at, fault: fault, location: step.location)
    }

    /// `- slot-coverage: { within: 5s }` or `- linearizable`.
    static func checkValue(_ node: Node, path: String, file: String) throws -> CheckSpec {
        let location = Parameters.location(of: node, file: file)
        let name: String
        let settings: Node
        switch node {
        case .scalar(let scalar):
            name = scalar.string
            settings = Node("")
        case .mapping(let mapping) where mapping.count == 1:
            guard let key = mapping.first?.key.scalar?.string else {
                throw SuiteError(location: location, key: path, message: "a check is a name")
            }
            name = key
            settings = mapping.first!.value
        default:
            throw SuiteError(
                location: location, key: path, message: "a check is one name with optional settings",
                suggestion: "write - failover: { promoted-within: 5s }")
        }
        let known = CheckerRegistry.all.map { $0.name }
        guard let type = CheckerRegistry.named(name) else {
            throw SuiteError(
                location: location, key: "\(path).\(name)", message: "unknown check '\(name)'",
                suggestion: Suggestion.nearest(to: name, among: known).map { "did you mean '\($0)'?" }
                    ?? "checks: \(known.joined(separator: ", "))")
        }
        let checker = try type.init(parameters: Parameters(node: settings, file: file, path: "\(path).\(name)"))
        return CheckSpec(name: name, checker: checker, location: location)
    }

    static func yamlError(_ error: YamlError, file: String, text: String) -> SuiteError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return SuiteError(
                location: SourceLocation(file: file, line: mark.line, column: mark.column), key: "",
                message: "not valid YAML: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the mapping; the reader wants the second occurrence.
            let key = duplicates.first ?? ""
            let line = secondOccurrence(of: key, in: text, from: context.mark) ?? context.mark.line
            return SuiteError(
                location: SourceLocation(file: file, line: line, column: context.mark.column),
                key: duplicates.joined(separator: ", "), message: "key appears twice in one mapping",
                suggestion: "remove one of them")
        default:
            return SuiteError(location: SourceLocation(file: file, line: 0, column: 0), key: "", message: "not valid YAML: \(error)")
        }
    }

    /// The line of the second `key:` at the mapping's column, from the mapping's start.
    static func secondOccurrence(of key: String, in text: String, from mark: Mark) -> Int? {
        let indent = String(repeating: " ", count: max(0, mark.column - 1))
        var seen = 0
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where offset + 1 >= mark.line && (line.hasPrefix(indent + key + ":") || line.hasPrefix(indent + "- " + key + ":")) {
            seen += 1
            if seen == 2 { return offset + 1 }
        }
        return nil
    }
}
