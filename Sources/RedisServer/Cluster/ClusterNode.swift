/// What this node knows about one member of the cluster (Redis's `clusterNode`).
final class ClusterNode: @unchecked Sendable {
    var id: ClusterNodeID
    var ip: String
    var port: Int
    var busPort: Int
    var hostname = ""
    var flags: ClusterNodeFlags
    var configEpoch: UInt64 = 0
    var slots = SlotBitmap()
    var slotCount = 0
    weak var master: ClusterNode?
    var replicas: [ClusterNode] = []
    /// Unix ms of the ping in flight (0: none), the last PONG, the last byte received.
    var pingSent: Int64 = 0
    var pongReceived: Int64 = 0
    var dataReceived: Int64 = 0
    var failTime: Int64 = 0
    /// When we last voted for a replica of this master.
    var votedTime: Int64 = 0
    var replOffset: Int64 = 0
    var replOffsetTime: Int64 = 0
    var orphanedTime: Int64 = 0
    /// The PING round that last gossiped about it.
    var lastGossipRound: UInt64 = 0
    /// Masters that reported this node PFAIL or FAIL, and when.
    var failReports: [(reporter: ClusterNode, time: Int64)] = []
    /// Our outbound connection to its bus (nil until connected or while reconnecting).
    var link: ClusterLink?
    /// Its connection to our bus, once it identified itself.
    var inboundLink: ClusterLink?
    /// Set when the node was created in handshake: when it was created (to time it out).
    let createdAt: Int64

    init(id: ClusterNodeID, flags: ClusterNodeFlags, ip: String = "", port: Int = 0, busPort: Int = 0, now: Int64) {
        self.id = id
        self.flags = flags
        self.ip = ip
        self.port = port
        self.busPort = busPort
        self.createdAt = now
    }

    var isMaster: Bool { flags.contains(.master) }
    var isReplica: Bool { flags.contains(.slave) }
    var isMyself: Bool { flags.contains(.myself) }
    var isFailed: Bool { flags.contains(.fail) }
    var isTimedOut: Bool { flags.contains(.pfail) }
    var inHandshake: Bool { flags.contains(.handshake) }
    var hasAddress: Bool { !flags.contains(.noaddr) }

    /// The master whose slots it serves (itself, or its master).
    var slotOwner: ClusterNode? { isReplica ? master : self }

    func owns(_ slot: Int) -> Bool { slots.contains(slot) }

    @discardableResult
    func addSlot(_ slot: Int) -> Bool {
        guard slots.insert(slot) else { return false }
        slotCount += 1
        return true
    }

    @discardableResult
    func removeSlot(_ slot: Int) -> Bool {
        guard slots.remove(slot) else { return false }
        slotCount -= 1
        return true
    }

    func addReplica(_ node: ClusterNode) {
        if !replicas.contains(where: { $0 === node }) { replicas.append(node) }
        replicas.sort { $0.id < $1.id }
    }

    func removeReplica(_ node: ClusterNode) {
        replicas.removeAll { $0 === node }
    }

    /// Replicas that can take over (not `nofailover`), for the migration barrier.
    var okReplicaCount: Int { replicas.filter { !$0.isFailed && !$0.flags.contains(.nofailover) }.count }

    // MARK: Failure reports (Redis's clusterNodeAddFailureReport and friends)

    /// Records or refreshes `reporter`'s report; true if it is a new one.
    @discardableResult
    func addFailureReport(from reporter: ClusterNode, now: Int64) -> Bool {
        if let i = failReports.firstIndex(where: { $0.reporter === reporter }) {
            failReports[i].time = now
            return false
        }
        failReports.append((reporter, now))
        return true
    }

    @discardableResult
    func removeFailureReport(from reporter: ClusterNode) -> Bool {
        guard let i = failReports.firstIndex(where: { $0.reporter === reporter }) else { return false }
        failReports.remove(at: i)
        return true
    }

    /// Reports still valid: younger than `maxAge` ms.
    func validFailureReports(now: Int64, maxAge: Int64) -> Int {
        failReports.removeAll { now - $0.time > maxAge }
        return failReports.count
    }

    /// The address as CLUSTER NODES and MOVED show it.
    var endpoint: String { "\(ip):\(port)" }
}
