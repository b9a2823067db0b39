/// What faults act on, and what they remember between steps: the nodes killed or paused so
/// far (for `node: killed`), the RDB snapshots taken (for `restart: {rdb: NAME}`), and the
/// scenario's seeded random generator. Used by the nemesis task alone, one fault at a time.
public final class NemesisContext {
    public let cluster: RedisCluster
    public let network: any NetworkBackend
    public var random: SeededRandom
    public internal(set) var killed: [String] = []
    public internal(set) var paused: [String] = []
    /// Snapshot name to the copied RDB file.
    public internal(set) var snapshots: [String: String] = [:]

    public init(cluster: RedisCluster, network: any NetworkBackend, seed: UInt64) {
        self.cluster = cluster
        self.network = network
        self.random = SeededRandom(seed: seed)
    }

    func markKilled(_ nodes: [String]) {
        paused.removeAll { nodes.contains($0) }
        for node in nodes where !killed.contains(node) { killed.append(node) }
    }

    func markPaused(_ nodes: [String]) {
        for node in nodes where !paused.contains(node) { paused.append(node) }
    }

    func markRunning(_ nodes: [String]) {
        killed.removeAll { nodes.contains($0) }
        paused.removeAll { nodes.contains($0) }
    }
}
