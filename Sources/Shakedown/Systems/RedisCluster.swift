import Foundation
import NIOCore
import RESP

/// A Redis Cluster under test: `topology.nodeCount` processes of one target (our node or
/// redis-server), placed on the network backend, formed into a cluster by the harness itself
/// (slots, config epochs, MEET, REPLICATE — what `redis-cli --cluster create` does, without
/// its fixed waits), and ready only when every node says `cluster_state:ok`, all agree, and
/// every replica's link is up: redis-server 7.0 never promotes a replica whose master dies
/// before its first sync completes, so a fault injected earlier tests nothing.
public actor RedisCluster {
    public let target: RedisTarget
    public let topology: Topology
    let supervisor: Supervisor
    let network: any NetworkBackend
    let directory: URL
    let group: any EventLoopGroup
    /// Per-command timeout of the harness's own administrative requests.
    let adminTimeout: Duration = .seconds(5)

    private var members: [String: ClusterMember] = [:]
    private var probes: [String: RESPConnection] = [:]

    public init(
        target: RedisTarget, topology: Topology, supervisor: Supervisor, network: any NetworkBackend,
        directory: URL, group: any EventLoopGroup
    ) {
        self.target = target
        self.topology = topology
        self.supervisor = supervisor
        self.network = network
        self.directory = directory
        self.group = group
    }

    public nonisolated var names: [String] { topology.nodeNames }

    /// `host:port` clients dial, in topology order.
    public var seedAddresses: [String] { names.compactMap { members[$0]?.clientAddress } }

    /// Name, address and role at start, for `shakedown up` and the reports.
    public var endpoints: [(name: String, address: String, role: String)] {
        names.enumerated().compactMap { index, name in
            guard let member = members[name] else { return nil }
            let role = topology.initialMaster(of: index).map { "replica of n\($0 + 1)" } ?? "master"
            return (name, member.clientAddress, role)
        }
    }

    // MARK: Lifecycle

    /// Starts every node, forms the cluster and waits until it is ready.
    public func start(_ spec: StartSpec = StartSpec(), readyWithin: Duration = .seconds(60)) async throws {
        let placements = try await network.setUp(
            nodes: names.map { NodeNetworkRequest(node: $0, ports: ["client": 6379, "bus": 16379]) })
        for (index, name) in names.enumerated() {
            guard let placement = placements.first(where: { $0.node == name }) else {
                throw ClusterStartError("the network placed no node \(name)")
            }
            let nodeDirectory = directory.appendingPathComponent("nodes/\(name)")
            try FileManager.default.createDirectory(at: nodeDirectory, withIntermediateDirectories: true)
            let processSpec = ProcessSpec(
                name: name, executable: URL(fileURLWithPath: target.executable),
                arguments: try RedisNodeArguments.make(placement: placement, topology: topology, directory: nodeDirectory),
                workingDirectory: nodeDirectory, commandPrefix: placement.commandPrefix)
            let process = try supervisor.spawn(processSpec)
            members[name] = ClusterMember(
                name: name, index: index, directory: nodeDirectory, placement: placement, process: process)
        }
        let deadline = ContinuousClock.now + readyWithin
        for name in names { try await waitUntilAnswering(name, until: deadline) }
        try await ClusterFormation(cluster: self, spec: spec, deadline: deadline).run()
    }

    /// Kills every process and forgets the connections.
    public func stop() async {
        for probe in probes.values { probe.close() }
        probes = [:]
        await supervisor.stopAll(grace: .milliseconds(200))
    }

    // MARK: Faults

    public func kill(_ name: String) async throws {
        let member = try member(name)
        member.process.kill()
        _ = await member.process.waitForExit(timeout: .seconds(5))
        dropProbe(name)
    }

    public func pause(_ name: String) async throws {
        try member(name).process.pause()
    }

    public func resume(_ name: String) async throws {
        try member(name).process.resume()
    }

    /// Starts a node again — dead or alive (it is killed first) — optionally from an RDB file
    /// and without its nodes.conf.
    public func restart(_ name: String, rdb: String?, keepNodesConf: Bool) async throws {
        var member = try member(name)
        if member.process.isRunning {
            member.process.kill()
            _ = await member.process.waitForExit(timeout: .seconds(5))
        }
        dropProbe(name)
        let files = FileManager.default
        if let rdb {
            let destination = member.directory.appendingPathComponent("dump.rdb")
            try? files.removeItem(at: destination)
            try files.copyItem(at: URL(fileURLWithPath: rdb), to: destination)
        }
        if !keepNodesConf {
            try? files.removeItem(at: member.directory.appendingPathComponent("nodes.conf"))
        }
        member.process = try supervisor.restart(member.process)
        members[name] = member
        try await waitUntilAnswering(name, until: .now + .seconds(60))
    }

    /// SAVE on the node and a copy of its RDB under `snapshots/`; returns the copy's path.
    public func snapshotRDB(_ name: String, name snapshot: String) async throws -> String {
        let member = try member(name)
        let reply = try await command(name, ["SAVE"], timeout: .seconds(60))
        guard reply.string == "OK" else { throw NemesisError("SAVE on \(name) answered \(reply)") }
        let folder = directory.appendingPathComponent("snapshots")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("\(snapshot).rdb")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: member.directory.appendingPathComponent("dump.rdb"), to: copy)
        return copy.path
    }

    // MARK: Observation

    /// Every node's current view; a node that is dead, paused or cut off is `reachable: false`.
    public func observe() async -> [NodeView] {
        var views: [NodeView] = []
        for name in names {
            views.append(await view(of: name))
        }
        return views
    }

    private func view(of name: String) async -> NodeView {
        guard let member = members[name], member.process.isRunning else { return NodeView(node: name, reachable: false) }
        do {
            let probe = try await probe(name)
            async let nodesReply = probe.send(["CLUSTER", "NODES"], timeout: .milliseconds(400))
            async let infoReply = probe.send(["CLUSTER", "INFO"], timeout: .milliseconds(400))
            async let replicationReply = probe.send(["INFO", "replication"], timeout: .milliseconds(400))
            let (nodes, info, replication) = try await (nodesReply, infoReply, replicationReply)
            let entries = ClusterNodesEntry.parse(nodes.string ?? "")
            let fields = InfoFields(info.string ?? "")
            let replicationFields = InfoFields(replication.string ?? "")
            return NodeView(
                node: name, reachable: true, id: entries.first { $0.flags.contains("myself") }?.id,
                state: fields["cluster_state"], currentEpoch: fields["cluster_current_epoch"].flatMap { Int($0) },
                knownNodes: fields["cluster_known_nodes"].flatMap { Int($0) },
                masterLinkUp: replicationFields["master_link_status"].map { $0 == "up" }, entries: entries)
        } catch {
            dropProbe(name)
            return NodeView(node: name, reachable: false)
        }
    }

    /// The current role of every reachable node, by its own account.
    public func currentRoles() async -> [String: NodeRole] {
        var roles: [String: NodeRole] = [:]
        for view in await observe() where view.reachable {
            guard let myself = view.myself else { continue }
            roles[view.node] = myself.isMaster ? .master : .replica
        }
        return roles
    }

    /// The replicas attached to `master` now, by their own account.
    public func replicas(of master: String) async -> [String] {
        let views = await observe()
        guard let id = views.first(where: { $0.node == master })?.id
            ?? members[master]?.formedID
        else { return [] }
        return views.filter { $0.myself?.master == id }.map(\.node)
    }

    /// The reachable master that serves `key`'s slot, by its own account.
    public func master(ofKey key: String) async -> String? {
        let slot = HashSlot.slot(for: key)
        return await observe().first { view in
            guard let myself = view.myself, myself.isMaster else { return false }
            return myself.slots.contains { $0.contains(slot) }
        }?.node
    }

    /// The nodes as started, with their ids once the cluster formed.
    public func startedNodes() async -> [StartedNode] {
        var started: [StartedNode] = []
        for (index, name) in names.enumerated() {
            guard let member = members[name] else { continue }
            started.append(
                StartedNode(
                    name: name, id: member.formedID ?? "", address: member.clientAddress,
                    role: topology.initialMaster(of: index) == nil ? .master : .replica,
                    master: topology.initialMaster(of: index).map { "n\($0 + 1)" }))
        }
        return started
    }

    // MARK: Talking to nodes

    /// One administrative command to a node, on its probe connection.
    func command(_ name: String, _ arguments: [String], timeout: Duration? = nil) async throws -> RESPValue {
        let probe = try await probe(name)
        do {
            return try await probe.send(arguments, timeout: timeout ?? adminTimeout)
        } catch {
            dropProbe(name)
            throw error
        }
    }

    func recordFormedID(_ id: String, for name: String) {
        members[name]?.formedID = id
    }

    func member(_ name: String) throws -> ClusterMember {
        guard let member = members[name] else { throw NemesisError("no node named \(name)") }
        return member
    }

    private func probe(_ name: String) async throws -> RESPConnection {
        if let probe = probes[name], probe.isActive { return probe }
        let placement = try member(name).placement
        let probe = try await RESPConnection.connect(
            host: placement.announceHost, port: try placement.announcePort("client"), connector: network.connector,
            group: group, timeout: .seconds(1))
        probes[name] = probe
        return probe
    }

    private func dropProbe(_ name: String) {
        probes.removeValue(forKey: name)?.close()
    }

    /// Waits until the node answers PING (LOADING counts as not yet).
    private func waitUntilAnswering(_ name: String, until deadline: ContinuousClock.Instant) async throws {
        let member = try member(name)
        while ContinuousClock.now < deadline {
            if !member.process.isRunning {
                throw ClusterStartError(
                    "\(name) (\(target.executable)) exited while starting; see \(member.process.logFile.path)",
                    portTaken: member.process.output().contains("Address already in use"))
            }
            if let reply = try? await command(name, ["PING"], timeout: .milliseconds(500)), reply.string == "PONG" {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterStartError("\(name) did not answer PING in time; see \(member.process.logFile.path)")
    }
}

/// One node of the cluster as the harness runs it.
struct ClusterMember: Sendable {
    var name: String
    var index: Int
    var directory: URL
    var placement: NodePlacement
    var process: SupervisedProcess
    /// CLUSTER MYID once the cluster formed.
    var formedID: String?

    var clientAddress: String { "\(placement.announceHost):\(placement.announcePorts["client"] ?? 0)" }
}

public struct ClusterStartError: Error, CustomStringConvertible {
    public var description: String
    /// A node could not bind its port: something else took it after the network chose it.
    public var portTaken: Bool
    public init(_ description: String, portTaken: Bool = false) {
        self.description = description
        self.portTaken = portTaken
    }
}
