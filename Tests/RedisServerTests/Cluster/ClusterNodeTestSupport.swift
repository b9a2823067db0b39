import Foundation
import NIOCore
import RESP

@testable import RedisServer

/// A cluster-enabled TestNode (nodes.conf in a temporary directory) and helpers to play
/// other nodes: build the messages they would send and feed them to ours.
final class ClusterTestNode {
    let test: TestNode
    let directory: String
    var cluster: Cluster { test.node.cluster! }

    init(nodeTimeout: Int = 1000, _ configure: (ServerConfig) -> Void = { _ in }) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-unit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        directory = dir
        test = TestNode { config in
            config.cluster.enabled = true
            config.cluster.nodeTimeout = nodeTimeout
            config.dir = dir
            configure(config)
        }
        try test.node.enableCluster()
        test.node.boundPort = 7000
        cluster.myself.ip = "127.0.0.1"
        cluster.myself.port = 7000
        cluster.myself.busPort = 17000
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    @discardableResult
    func run(_ args: String...) -> RESPValue {
        let reply = test.run(args.map { Array($0.utf8) })
        cluster.beforeSleep()
        return reply
    }

    /// A known peer, as if learned through gossip and connected (an outbound link whose
    /// messages pile up unsent).
    @discardableResult
    func addPeer(master: ClusterNode? = nil, slots: ClosedRange<Int>? = nil, epoch: UInt64 = 0, port: Int) -> ClusterNode {
        let n = ClusterNode(id: .random(), flags: master == nil ? .master : .slave, ip: "127.0.0.1", port: port,
            busPort: port + 10000, now: test.now)
        n.configEpoch = epoch
        cluster.addNode(n)
        if let master { cluster.setMaster(of: n, to: master) }
        if let slots { for s in slots { cluster.assign(s, to: n) } }
        n.link = ClusterLink(inbound: false, node: n, now: test.now)
        n.pongReceived = test.now
        return n
    }

    /// A message from `peer` with its current view of itself.
    func message(from peer: ClusterNode, _ body: ClusterMessage.Body, currentEpoch: UInt64? = nil) -> ClusterMessage {
        let owner = peer.master ?? peer
        return ClusterMessage(
            port: UInt16(peer.port), currentEpoch: currentEpoch ?? cluster.currentEpoch, configEpoch: owner.configEpoch,
            sender: peer.id, slots: owner.slots, replicaOf: peer.master?.id, busPort: UInt16(peer.busPort),
            flags: peer.flags.intersection([.master, .slave]), body: body)
    }

    /// Delivers `m` as if it arrived on `peer`'s inbound link.
    func deliver(_ m: ClusterMessage, from peer: ClusterNode) {
        let link = peer.inboundLink ?? ClusterLink(inbound: true, node: nil, now: test.now)
        cluster.process(m, from: link)
        cluster.beforeSleep()
    }

    /// Every message sent to `peer` so far (and forgets them).
    func sent(to peer: ClusterNode) -> [ClusterMessage] {
        peer.link?.takePending() ?? []
    }
}
