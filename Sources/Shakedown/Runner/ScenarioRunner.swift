import Foundation
import NIOCore
import NIOPosix

/// Runs one scenario, Jepsen's way: start the system, then the workload and the nemesis
/// together on one clock, heal, let the cluster settle, read everything back, stop, check.
/// Everything that happened — operations, faults, node views — is kept for the checkers and
/// written under the scenario's report folder.
public struct ScenarioRunner: Sendable {
    public let scenario: Scenario
    public let suite: Suite
    public let options: RunOptions
    /// The scenario's report folder.
    public let directory: URL
    public let progress: (@Sendable (ScenarioProgress) -> Void)?

    public init(
        scenario: Scenario, suite: Suite, options: RunOptions, directory: URL,
        progress: (@Sendable (ScenarioProgress) -> Void)? = nil
    ) {
        self.scenario = scenario
        self.suite = suite
        self.options = options
        self.directory = directory
        self.progress = progress
    }

    var seed: UInt64 { options.seed ?? scenario.seed }

    /// The scenario's pcap (`capture: true`), in its report folder.
    public static let captureFile = "capture.pcap"

    public func run() async -> ScenarioResult {
        let startDate = Date()
        let clock = ContinuousClock.now
        var properties = baseProperties
        var launch = ClusterLaunch(
            target: options.target, topology: scenario.topology, networkChoice: options.network, directory: directory,
            seed: seed)
        if scenario.capture { launch.capturePath = directory.appendingPathComponent(Self.captureFile).path }
        let started: ClusterLaunch.Started
        do {
            started = try await launch.start(scenario.start, group: MultiThreadedEventLoopGroup.singleton)
        } catch {
            if case .cluster(_, let capture?) = error { properties.append(Self.captureProperty(capture)) }
            return failed(error.description, started: startDate, clock: clock, properties: properties)
        }
        let (cluster, network) = (started.cluster, started.network)
        properties.append(Property("network", network.name + (started.fallbackReason.map { " (\($0))" } ?? "")))
        var result = await runReady(
            cluster: cluster, network: network, started: startDate, clock: clock, properties: properties)
        await cluster.stop()
        try? await network.tearDown()
        // After tear-down, so the counts are final; no capture is a warning here, not an error.
        if let capture = started.capture { result.properties.append(Self.captureProperty(capture)) }
        return result
    }

    private static func captureProperty(_ capture: CapturingNetwork) -> Property {
        Property("capture", "\(captureFile): \(capture.summary)")
    }

    private func runReady(
        cluster: RedisCluster, network: any NetworkBackend, started: Date, clock: ContinuousClock.Instant,
        properties: [Property]
    ) async -> ScenarioResult {
        let recorder = HistoryRecorder()
        let begin = ContinuousClock.now
        let poller = ClusterPoller(cluster: cluster, recorder: recorder)
        poller.start()
        let seeds = await cluster.seedAddresses
        let driver = scenario.workload.map {
            WorkloadDriver(
                spec: $0, recorder: recorder, seeds: seeds, connector: network.connector,
                group: MultiThreadedEventLoopGroup.singleton, seed: SeededRandom.seed(seed, stream: 1))
        }
        let nemesis = NemesisContext(cluster: cluster, network: network, seed: SeededRandom.seed(seed, stream: 2))
        let ticker = progress.map { report in
            Task {
                while !Task.isCancelled {
                    let elapsed = ContinuousClock.now - begin
                    let operations = driver?.operationsCompleted ?? 0
                    report(
                        ScenarioProgress(
                            scenario: "\(suite.name)/\(scenario.name)", elapsed: elapsed,
                            operationsPerSecond: elapsed > .zero ? Double(operations) / elapsed.seconds : 0,
                            faults: recorder.history.lazy.filter(\.isFault).count))
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
        }
        async let workload: Void = { if let driver { await driver.run(until: begin + (scenario.workload?.duration ?? .zero)) } }()
        async let replayed: CheckResult? = {
            guard let replay = scenario.replay else { return nil }
            return await ReplayScenarioRun.run(replay, seeds: seeds, connector: network.connector, directory: directory)
        }()
        await runNemesis(nemesis, recorder: recorder, begin: begin)
        try? await Task.sleep(until: begin + scenario.duration, clock: .continuous)
        await workload
        let replayCheck = await replayed
        await heal(nemesis, recorder: recorder)
        await settle(cluster, within: settleTime)
        if let driver { await driver.finalReads(until: .now + .seconds(20)) }
        let snapshots = await poller.finish()
        ticker?.cancel()
        let history = recorder.history
        let observations = ClusterObservations(nodes: await cluster.startedNodes(), snapshots: snapshots)
        // A fault that could not be injected means the scenario did not test what it says.
        var notes = history.filter { $0.isFault && ($0.value.description.hasPrefix("not injected")) }.map {
            "\($0.f) at \(String(format: "%.3f", Double($0.time) / 1e9))s was \($0.value.description)"
        }
        do {
            try HistoryFile.write(history, to: directory.appendingPathComponent("history.jsonl"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(observations).write(to: directory.appendingPathComponent("observations.json"))
        } catch {
            notes.append("could not write the history: \(error)")
        }
        let context = CheckContext(history: history, cluster: observations)
        let checks = [replayCheck].compactMap { $0 } + scenario.checks.map { spec in
            let start = ContinuousClock.now
            var result = spec.checker.check(context)
            result.check = spec.name
            result.time = (ContinuousClock.now - start).seconds
            return result
        }
        return ScenarioResult(
            suite: suite.name, name: scenario.name, file: suite.file, started: started,
            time: (ContinuousClock.now - clock).seconds, properties: properties, checks: checks,
            error: notes.isEmpty ? nil : notes.joined(separator: "; "),
            operations: history.lazy.filter { !$0.isFault && $0.type != .invoke }.count,
            faults: history.lazy.filter(\.isFault).count)
    }

    /// Applies each fault at its time; a fault that cannot be injected is recorded as such.
    private func runNemesis(_ context: NemesisContext, recorder: HistoryRecorder, begin: ContinuousClock.Instant) async {
        for step in scenario.nemesis.sorted(by: { $0.at < $1.at }) {
            try? await Task.sleep(until: begin + step.at, clock: .continuous)
            let name = type(of: step.fault).name
            let began = recorder.now
            do {
                let record = try await step.fault.apply(context)
                recorder.fault(name, nodes: record.nodes, detail: record.detail, began: began)
            } catch {
                recorder.fault(name, nodes: [], detail: "not injected: \(error)", began: began)
            }
        }
    }

    /// Jepsen's final heal: the network healed and paused nodes resumed, so the end state is
    /// the system's own recovery. Killed nodes stay down unless the schedule restarted them.
    private func heal(_ context: NemesisContext, recorder: HistoryRecorder) async {
        let faults = context.network.faults
        if !faults.isEmpty, (try? await context.network.heal()) != nil {
            recorder.fault(
                "heal", nodes: context.cluster.names.filter(faults.nodes.contains), detail: "final heal: \(faults)")
        }
        let paused = context.paused
        if !paused.isEmpty {
            for node in paused { try? await context.cluster.resume(node) }
            context.markRunning(paused)
            recorder.fault("resume", nodes: paused, detail: "final resume")
        }
    }

    /// Time for failure detection and election to finish after the last fault.
    private var settleTime: Duration { max(.seconds(10), scenario.topology.nodeTimeout * 10) }

    /// Waits until every reachable node reports cluster_state ok, or the time is up (the
    /// checkers then judge what they see).
    private func settle(_ cluster: RedisCluster, within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            // A node alone (restarted without nodes.conf) is outside the cluster: not waited for.
            let views = await cluster.observe().filter { $0.reachable && ($0.knownNodes ?? 0) > 1 }
            if !views.isEmpty, views.allSatisfy({ $0.state == "ok" }) { return }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private var baseProperties: [Property] {
        var properties = [
            Property("suite-file", suite.file), Property("seed", String(seed)),
            Property("target", options.target.kind.rawValue), Property("target-executable", options.target.executable),
            Property("topology", scenario.topology.description),
            Property("fault-schedule", scenario.nemesis.isEmpty ? "none" : scenario.nemesis.map(\.summary).joined(separator: "; ")),
            Property("duration", DurationText.format(scenario.duration)),
        ]
        if let replay = scenario.replay { properties.append(Property("replay", replay.summary)) }
        if let workload = scenario.workload {
            properties.append(
                Property(
                    "workload",
                    "\(workload.kind.rawValue), \(workload.clients) clients, \(workload.keys) keys, \(Int(workload.rate))/s"
                        + (workload.waitReplicas.map { ", WAIT \($0)" } ?? "")))
        }
        return properties
    }

    /// A scenario that could not run: every check `unknown`, with the reason.
    private func failed(_ reason: String, started: Date, clock: ContinuousClock.Instant, properties: [Property])
        -> ScenarioResult
    {
        ScenarioResult(
            suite: suite.name, name: scenario.name, file: suite.file, started: started,
            time: (ContinuousClock.now - clock).seconds, properties: properties,
            checks: (scenario.replay == nil ? [] : ["replay"]).map { CheckResult(check: $0, validity: .unknown, message: reason) }
                + scenario.checks.map { CheckResult(check: $0.name, validity: .unknown, message: reason) },
            error: reason)
    }
}

/// What the live progress line shows.
public struct ScenarioProgress: Sendable {
    public var scenario: String
    public var elapsed: Duration
    public var operationsPerSecond: Double
    public var faults: Int
}
