import Foundation
import Testing
import RESP
import Shakedown

/// `bind-source-addr` (Redis 7.0): outgoing replication and cluster-bus connections leave
/// from that address; without it the kernel chooses, even when `bind` names an address (6.x
/// used the first `bind` address). A listener plays the master or the peer node and reads
/// the source address of the connection it gets. Same expectations for redis-server.
@Suite struct BindSourceAddressTests {
    private func start(_ kind: ClusterNodes.Kind, _ arguments: [String]) throws -> ServerProcess {
        let common = ["--save", "", "--appendonly", "no"]
        return kind == .shakedown
            ? try ServerProcess.shakedown(common + arguments) : try ServerProcess.reference(common + arguments)
    }

    @Test(arguments: [ClusterNodes.Kind.shakedown, .reference])
    func replicaConnectsToItsMasterFromTheSourceAddress(_ kind: ClusterNodes.Kind) throws {
        let master = try TCPListener()
        let server = try start(kind, ["--bind-source-addr", "127.0.0.7", "--replicaof", "127.0.0.1", String(master.port)])
        let first = try #require(master.accept(timeout: 10), "the replica never connected")
        #expect(first.peerHost == "127.0.0.7")

        // CONFIG SET applies to the next connection.
        let other = try TCPListener()
        let connection = try server.connect()
        _ = try connection.send(["config", "set", "bind-source-addr", "127.0.0.8"])
        #expect(try connection.send(["config", "get", "bind-source-addr"]) == .array([.bulk("bind-source-addr"), .bulk("127.0.0.8")]))
        _ = try connection.send(["replicaof", "127.0.0.1", String(other.port)])
        let second = try #require(other.accept(timeout: 10), "the replica never connected to the new master")
        #expect(second.peerHost == "127.0.0.8")
    }

    @Test(arguments: [ClusterNodes.Kind.shakedown, .reference])
    func withoutItTheFirstBindAddressIsNotTheSource(_ kind: ClusterNodes.Kind) throws {
        let master = try TCPListener()
        let server = try start(kind, ["--bind", "127.0.0.9", "--replicaof", "127.0.0.1", String(master.port)])
        let link = try #require(master.accept(timeout: 10), "the replica never connected: \(server.output)")
        #expect(link.peerHost == "127.0.0.1")
    }

    @Test(arguments: [ClusterNodes.Kind.shakedown, .reference])
    func unbindableSourceFallsBackToAnUnboundConnection(_ kind: ClusterNodes.Kind) throws {
        let master = try TCPListener()
        // 198.51.100.1 (TEST-NET-2) is no local address: bind fails, the connect goes ahead.
        let server = try start(kind, ["--bind-source-addr", "198.51.100.1", "--replicaof", "127.0.0.1", String(master.port)])
        let link = try #require(master.accept(timeout: 10), "the replica never connected: \(server.output)")
        #expect(link.peerHost == "127.0.0.1")
    }

    @Test(arguments: [ClusterNodes.Kind.shakedown, .reference])
    func clusterBusConnectsFromTheSourceAddress(_ kind: ClusterNodes.Kind) throws {
        let peer = try TCPListener()
        let directory = try TemporaryDirectory("bind-source")
        let server = try start(
            kind,
            [
                "--cluster-enabled", "yes", "--cluster-port", String(try FreePort.find()), "--dir", directory.url.path,
                "--bind-source-addr", "127.0.0.6",
            ])
        _ = try server.connect().send(["cluster", "meet", "127.0.0.1", String(peer.port), String(peer.port)])
        let link = try #require(peer.accept(timeout: 10), "the node never opened its bus link")
        #expect(link.peerHost == "127.0.0.6")
    }
}
