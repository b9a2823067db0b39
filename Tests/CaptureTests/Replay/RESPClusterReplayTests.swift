import Capture
import Foundation
import RESP
import Testing

/// RESP replay following MOVED and ASK against a real three-master redis-server cluster.
@Suite(.serialized) struct RESPClusterReplayTests {
    /// Three masters owning 0-5460, 5461-10922, 10923-16383, met and agreed.
    final class Cluster {
        let nodes: [RedisServerProcess]
        static let ranges = [(0, 5460), (5461, 10922), (10923, 16383)]

        init() throws {
            nodes = try (0..<3).map { _ in try RedisServerProcess(cluster: true) }
            for (node, range) in zip(nodes, Self.ranges) { try node.cli("CLUSTER", "ADDSLOTSRANGE", "\(range.0)", "\(range.1)") }
            for node in nodes.dropFirst() { try nodes[0].cli("CLUSTER", "MEET", "127.0.0.1", "\(node.port)") }
            for _ in 0..<400 {
                let ready = try nodes.allSatisfy { node in
                    try node.cli("CLUSTER", "INFO").contains("cluster_state:ok") && node.cli("CLUSTER", "NODES").split(separator: "\n").count == 3
                }
                if ready { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            stop()
            throw RedisProcessError(message: "the cluster did not reach cluster_state:ok")
        }

        func stop() { for node in nodes { node.stop() } }

        /// The node owning `key`'s slot.
        func owner(of key: String) -> Int {
            let slot = HashSlot.slot(for: key)
            return Self.ranges.firstIndex { $0.0 <= slot && slot <= $0.1 } ?? 0
        }

        /// A key whose slot node `index` owns.
        func key(ownedBy index: Int, prefix: String) -> String {
            (0...).lazy.map { "\(prefix)\($0)" }.first { self.owner(of: $0) == index } ?? prefix
        }
    }

    @Test func movedRepliesAreFollowedAndRemembered() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let keys = (0..<3).map { cluster.key(ownedBy: $0, prefix: "moved") } + (0..<3).map { cluster.key(ownedBy: $0, prefix: "again") }
        var s = ConversationScript()
        s.open(1, serverPort: 7000)
        for key in keys {
            s.request(1, "SET", key, "value-of-\(key)")
            s.reply(1, .simpleString("OK"))
        }
        // In capture order, a second client speaks after those replies: with `.capture` ordering
        // the replay waits for them too, so the GETs below go out after the MOVEDs were learnt.
        s.open(2, serverPort: 7000)
        s.request(2, "PING")
        s.reply(2, .simpleString("PONG"))
        for key in keys {
            s.request(1, "GET", key)
            s.reply(1, .bulk("value-of-\(key)"))
        }
        s.close(1)
        s.close(2)
        let report = try RESPReplayTests.replay(s, RESPReplayTests.options(cluster.nodes[0].port))
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.repliesCompared == 13)
        #expect(report.connections.first?.failure == nil)
        for key in keys {
            #expect(try cluster.nodes[cluster.owner(of: key)].cli("GET", key) == "value-of-\(key)")
        }
        // One MOVED per key living elsewhere (its SET); the GETs went straight to the node.
        let movedCount = keys.filter { cluster.owner(of: $0) != 0 }.count
        let errorStats = try cluster.nodes[0].cli("INFO", "errorstats").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(errorStats.contains("errorstat_MOVED:count=\(movedCount)"), "\(errorStats)")
    }

    @Test func askIsFollowedWithAsking() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let key = cluster.key(ownedBy: 0, prefix: "ask")
        let slot = "\(HashSlot.slot(for: key))"
        let source = try cluster.nodes[0].cli("CLUSTER", "MYID")
        let destination = try cluster.nodes[1].cli("CLUSTER", "MYID")
        #expect(try cluster.nodes[1].cli("CLUSTER", "SETSLOT", slot, "IMPORTING", source) == "OK")
        #expect(try cluster.nodes[0].cli("CLUSTER", "SETSLOT", slot, "MIGRATING", destination) == "OK")
        var s = ConversationScript()
        s.open(1, serverPort: 7000)
        s.request(1, "SET", key, "moving")
        s.reply(1, .simpleString("OK"))
        s.request(1, "GET", key)
        s.reply(1, .bulk("moving"))
        s.close(1)
        let report = try RESPReplayTests.replay(s, RESPReplayTests.options(cluster.nodes[0].port))
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.repliesCompared == 2)
        // The key went to the importing node, not the migrating one.
        #expect(try cluster.nodes[0].cli("DBSIZE") == "0")
        #expect(try cluster.nodes[1].cli("DBSIZE") == "1")
    }

    /// On a cluster with a password, a redirected command succeeds only because the new link to
    /// the owning node got the AUTH first; a state command that fails there is a problem.
    @Test func redirectLinksGetTheConnectionState() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        for node in cluster.nodes { #expect(try node.cli("CONFIG", "SET", "requirepass", "secret") == "OK") }
        let key = cluster.key(ownedBy: 1, prefix: "authed")
        var s = ConversationScript()
        s.open(1, serverPort: 7000)
        s.request(1, "AUTH", "secret")
        s.reply(1, .simpleString("OK"))
        s.request(1, "CLIENT", "SETNAME", "has space")
        s.reply(1, .error("ERR Client names cannot contain spaces, newlines or special characters."))
        s.request(1, "SET", key, "v")
        s.reply(1, .simpleString("OK"))
        s.request(1, "GET", key)
        s.reply(1, .bulk("v"))
        s.close(1)
        let report = try RESPReplayTests.replay(s, RESPReplayTests.options(cluster.nodes[0].port))
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.connections.first?.failure == nil)
        #expect(report.problems.contains { $0.contains("CLIENT SETNAME sent first on the new link") && !$0.contains("has space") }, "\(report.problems)")
        #expect(try cluster.nodes[1].cli("-a", "secret", "--no-auth-warning", "GET", key) == "v")
    }
}
