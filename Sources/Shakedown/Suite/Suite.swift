/// A suite file, loaded and validated: every scenario, workload, fault and check decoded, so a
/// run never starts with a mistake that would only show minutes later.
public struct Suite: Sendable {
    public var file: String
    public var name: String
    /// The system under test; `redis-cluster` for now.
    public var system: String
    public var topology: Topology
    public var seed: UInt64
    public var scenarios: [Scenario]
    /// `capture: true`: every scenario's traffic is written to a pcap unless it says otherwise.
    public var capture = false
}

/// The shape of a Redis Cluster: masters, replicas per master, node timeout.
public struct Topology: Sendable, Hashable, CustomStringConvertible {
    public var masters: Int
    public var replicasPerMaster: Int
    public var nodeTimeout: Duration

    public init(masters: Int, replicasPerMaster: Int, nodeTimeout: Duration) {
        self.masters = masters
        self.replicasPerMaster = replicasPerMaster
        self.nodeTimeout = nodeTimeout
    }

    public var nodeCount: Int { masters * (1 + replicasPerMaster) }

    /// Harness names: masters first (`n1`...`n<masters>`), then replicas in master order, as
    /// `redis-cli --cluster create` lays them out.
    public var nodeNames: [String] { (1...nodeCount).map { "n\($0)" } }

    /// The master a replica is attached to at start (nil for a master).
    public func initialMaster(of index: Int) -> Int? {
        index < masters ? nil : (index - masters) % masters
    }

    public var description: String {
        "\(masters) masters, \(replicasPerMaster) replica\(replicasPerMaster == 1 ? "" : "s") each, node-timeout \(DurationText.format(nodeTimeout))"
    }
}

/// One scenario: start the system, run the workload while the nemesis injects faults, heal,
/// read back, check. A JUnit test suite whose test cases are the checks.
public struct Scenario: Sendable {
    public var name: String
    public var topology: Topology
    public var seed: UInt64
    public var start: StartSpec
    public var workload: WorkloadSpec?
    /// A capture replayed against the system, its divergences a check of their own.
    public var replay: ReplaySpec?
    public var nemesis: [NemesisStep]
    public var checks: [CheckSpec]
    /// How long the scenario runs: the workload's duration, or past the last fault.
    public var duration: Duration
    public var location: SourceLocation
    /// `capture: true` (here or on the suite): `capture.pcap` of the scenario's traffic, every
    /// node's client and bus ports, in its report folder.
    public var capture = false
}

/// How a scenario's system is brought up.
public struct StartSpec: Sendable {
    /// Wait until every replica reports `master_link_status:up` before the scenario begins.
    /// `false` starts faults while replicas may still be in their first sync.
    public var waitForSync: Bool = true
    /// Keys written into every master before replicas attach (`DEBUG POPULATE`), so that a
    /// first sync takes time.
    public var preloadKeys: Int = 0

    public init(waitForSync: Bool = true, preloadKeys: Int = 0) {
        self.waitForSync = waitForSync
        self.preloadKeys = preloadKeys
    }
}

/// A check as the suite names it, with its decoded checker.
public struct CheckSpec: Sendable {
    public var name: String
    public var checker: any Checker
    public var location: SourceLocation
}
