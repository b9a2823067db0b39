import NIOConcurrencyHelpers
import NIOCore
import RESP

/// Drives a workload: `clients` logical clients, each with its own cluster client and
/// connections, paced to the suite's rate, every operation recorded as invoke + completion.
///
/// A client whose operation ended `info` continues under a new process id (Jepsen's rule:
/// the old operation may still be in flight, so the old process never completes again).
public final class WorkloadDriver: Sendable {
    let spec: WorkloadSpec
    let workload: any Workload
    let recorder: HistoryRecorder
    let seeds: [String]
    let connector: any NetworkConnector
    let group: any EventLoopGroup
    let random: SeededRandom
    private let completed = NIOLockedValueBox(0)

    public init(
        spec: WorkloadSpec, recorder: HistoryRecorder, seeds: [String], connector: any NetworkConnector,
        group: any EventLoopGroup, seed: UInt64
    ) {
        self.spec = spec
        self.workload = spec.makeWorkload()
        self.recorder = recorder
        self.seeds = seeds
        self.connector = connector
        self.group = group
        self.random = SeededRandom(seed: seed)
    }

    /// Operations completed so far (for the progress line).
    public var operationsCompleted: Int { completed.withLockedValue { $0 } }

    /// Runs every client until `deadline`.
    public func run(until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<spec.clients {
                group.addTask { await self.runClient(index, until: deadline) }
            }
        }
    }

    private func runClient(_ index: Int, until deadline: ContinuousClock.Instant) async {
        var random = self.random.derived(UInt64(index + 1))
        var process = index
        let client = ClusterClient(seeds: seeds, connector: connector, group: group, timeout: spec.timeout)
        defer { client.close() }
        let interval = Duration.seconds(Double(spec.clients) / spec.rate)
        // Stagger clients so they don't fire in lockstep.
        var next = ContinuousClock.now + interval * Double.random(in: 0..<1, using: &random)
        while next < deadline, !Task.isCancelled {
            try? await Task.sleep(until: next, clock: .continuous)
            next += interval
            // After a stall (a timeout), don't burst to catch up: the rate is a ceiling.
            if next < .now { next = .now }
            let operation = workload.next(using: &random)
            let ended = await perform(operation, process: process, client: client)
            if ended == .info { process += spec.clients }
        }
    }

    /// One invoke + completion pair in the history.
    @discardableResult
    func perform(_ operation: Operation, process: Int, client: ClusterClient) async -> EventType {
        recorder.record(process: process, type: .invoke, f: operation.f, key: operation.key, value: operation.value)
        let outcome = await client.execute(workload.command(for: operation), key: operation.key)
        var completion: Completion
        switch outcome {
        case .reply(let reply, let node):
            completion = workload.complete(operation, reply: reply)
            if completion.type == .ok, let replicas = spec.waitReplicas, operation.f != "read",
                operation.f != "final-read"
            {
                completion = await waitForReplicas(replicas, after: completion, on: node, client: client)
            }
        case .notSent(let reason, _):
            completion = .fail(reason)
        case .unknown(let reason, _):
            completion = .info(reason)
        }
        recorder.record(
            process: process, type: completion.type, f: operation.f, key: operation.key, value: completion.value,
            node: outcome.node, error: completion.error)
        completed.withLockedValue { $0 += 1 }
        return completion.type
    }

    /// WAIT after a write: acknowledged only when enough replicas have it. Fewer means the
    /// write happened on the master but may not survive it: `info`, not `ok`.
    private func waitForReplicas(_ replicas: Int, after completion: Completion, on node: String, client: ClusterClient)
        async -> Completion
    {
        let milliseconds = spec.waitTimeout.nanoseconds / 1_000_000
        let outcome = await client.send(["WAIT", String(replicas), String(milliseconds)], to: node)
        guard case .reply(let reply, _) = outcome, let count = reply.int else {
            return .info("WAIT after the write got no answer")
        }
        return count >= replicas ? completion : .info("WAIT: \(count) of \(replicas) replicas acknowledged")
    }

    /// Reads every key once the faults healed, retrying each until it succeeds or `deadline`.
    public func finalReads(until deadline: ContinuousClock.Instant) async {
        var process = spec.clients * 1_000_000
        let client = ClusterClient(seeds: seeds, connector: connector, group: group, timeout: spec.timeout)
        defer { client.close() }
        for operation in workload.finalReads() {
            while ContinuousClock.now < deadline {
                let ended = await perform(operation, process: process, client: client)
                if ended == .ok { break }
                if ended == .info { process += 1 }
                await client.refreshSlots()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
