import Testing

@testable import RedisServer

/// CLUSTER subcommands and redirections on one node, replies as Redis 7.0 gives them.
@Suite struct ClusterCommandTests {
    @Test func slotCommandsAndInfo() throws {
        let t = try ClusterTestNode()
        #expect(t.run("cluster", "keyslot", "foo") == .integer(12182))
        #expect(t.run("cluster", "keyslot", "{user1000}.following") == t.run("cluster", "keyslot", "user1000"))
        #expect(t.run("cluster", "addslots", "0", "1", "1") == .error("ERR Slot 1 specified multiple times"))
        #expect(t.run("cluster", "addslots", "16384") == .error("ERR Invalid or out of range slot"))
        #expect(t.run("cluster", "addslotsrange", "0", "16383") == .simpleString("OK"))
        #expect(t.run("cluster", "addslots", "5") == .error("ERR Slot 5 is already busy"))
        #expect(t.run("cluster", "delslotsrange", "10", "5") == .error("ERR start slot number 10 is greater than end slot number 5"))
        t.test.advance(milliseconds: 3000)  // past the writable delay of a master that starts as FAIL
        t.cluster.updateState()
        guard case .bulkString(let raw?) = t.run("cluster", "info") else {
            Issue.record("CLUSTER INFO is not text")
            return
        }
        let info = String(decoding: raw, as: UTF8.self)
        #expect(info.hasPrefix("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n"))
        #expect(info.split(separator: "\n", omittingEmptySubsequences: false).dropLast().allSatisfy { $0.hasSuffix("\r") })
        #expect(info.contains("cluster_known_nodes:1\r\ncluster_size:1\r\n"))

        #expect(t.run("set", "foo", "bar") == .simpleString("OK"))
        #expect(t.run("set", "{foo}2", "bar") == .simpleString("OK"))
        #expect(t.run("cluster", "countkeysinslot", "12182") == .integer(2))
        guard case .array(let keys?) = t.run("cluster", "getkeysinslot", "12182", "10") else {
            Issue.record("GETKEYSINSLOT is not an array")
            return
        }
        #expect(Set(keys) == [.bulk("foo"), .bulk("{foo}2")])
        #expect(t.run("del", "foo") == .integer(1))
        #expect(t.run("cluster", "countkeysinslot", "12182") == .integer(1))
        #expect(t.run("flushall") == .simpleString("OK"))
        #expect(t.run("cluster", "countkeysinslot", "12182") == .integer(0))
        #expect(t.run("select", "1") == .error("ERR SELECT is not allowed in cluster mode"))
        #expect(t.run("replicaof", "127.0.0.1", "7001") == .error("ERR REPLICAOF not allowed in cluster mode."))
        #expect(t.run("swapdb", "0", "1") == .error("ERR SWAPDB is not allowed in cluster mode"))
        #expect(t.run("move", "x", "1") == .error("ERR MOVE is not allowed in cluster mode"))
    }

    @Test func redirectionsNameTheOwner() throws {
        let t = try ClusterTestNode()
        t.addPeer(slots: 8192...16383, epoch: 2, port: 7001)
        #expect(t.run("cluster", "addslotsrange", "0", "8191") == .simpleString("OK"))
        t.cluster.myself.configEpoch = 1
        t.test.advance(milliseconds: 3000)
        t.cluster.updateState()
        #expect(t.cluster.state == .ok)
        #expect(t.run("get", "foo") == .error("MOVED 12182 127.0.0.1:7001"))
        #expect(t.run("set", "bar", "1") == .simpleString("OK"))  // slot 5061: ours
        #expect(t.run("mget", "bar", "foo") == .error("CROSSSLOT Keys in request don't hash to the same slot"))
        #expect(t.run("ping") == .simpleString("PONG"))
        // Queued commands that must go elsewhere fail the transaction.
        #expect(t.run("multi") == .simpleString("OK"))
        #expect(t.run("get", "foo") == .error("MOVED 12182 127.0.0.1:7001"))
        #expect(t.run("exec") == .error("EXECABORT Transaction discarded because of previous errors."))
        // An unowned slot: CLUSTERDOWN.
        #expect(t.run("cluster", "delslots", "5061") == .simpleString("OK"))
        #expect(t.run("get", "bar") == .error("CLUSTERDOWN Hash slot not served"))
    }

    @Test func stateFailsWithoutFullCoverageUnlessAllowed() throws {
        let t = try ClusterTestNode()
        #expect(t.run("cluster", "addslotsrange", "0", "100") == .simpleString("OK"))
        t.test.advance(milliseconds: 3000)
        t.cluster.updateState()
        #expect(t.cluster.state == .fail)
        #expect(t.run("get", "bar") == .error("CLUSTERDOWN Hash slot not served"))
        #expect(t.run("get", "k126") == .error("CLUSTERDOWN The cluster is down"))  // slot 58: ours
        #expect(t.run("config", "set", "cluster-require-full-coverage", "no") == .simpleString("OK"))
        t.cluster.updateState()
        #expect(t.cluster.state == .ok)
    }

    @Test func commandsNeedClusterMode() {
        let t = TestNode()
        #expect(t.run("cluster", "info") == .error("ERR This instance has cluster support disabled"))
        #expect(t.run("readonly") == .error("ERR This instance has cluster support disabled"))
    }
}

/// cluster-announce-*: what this node tells others about its address.
@Suite struct ClusterAnnounceTests {
    @Test func announcedAddressAndPortsGoInEveryMessage() throws {
        let t = try ClusterTestNode {
            $0.cluster.announceIP = "10.1.2.3"
            $0.cluster.announcePort = 7777
            $0.cluster.announceBusPort = 17777
            $0.cluster.announceHostname = "node-a"
        }
        let m = t.cluster.message(.ping(ClusterPingBody()))
        #expect(m.announcedIP == "10.1.2.3" && m.port == 7777 && m.busPort == 17777)
        // The hostname rides PINGs as an extension; a peer shows it in CLUSTER NODES.
        let peer = t.addPeer(port: 7001)
        guard let link = peer.link else { return }
        t.cluster.sendPing(on: link, type: .ping)
        let sent = t.sent(to: peer).first
        #expect(sent?.body.pingBody?.extensions == [.hostname("node-a")])
    }

    /// A node nobody has MEET yet still knows its address when it is announced: its own
    /// CLUSTER NODES line and MOVED replies carry it (clusterUpdateMyselfIp).
    @Test func announcedIPIsOurOwnAddress() throws {
        let t = try ClusterTestNode { $0.cluster.announceIP = "10.1.2.3" }
        t.cluster.cron()
        guard case .bulkString(let nodes?) = t.run("cluster", "nodes") else { return }
        #expect(String(decoding: nodes, as: UTF8.self).contains(" 10.1.2.3:"))
        #expect(t.run("cluster", "addslotsrange", "0", "100") == .simpleString("OK"))
        guard case .array(let slots?) = t.run("cluster", "slots"), let first = slots.first?.elements else { return }
        #expect(first.count > 2 && first[2].elements?.first == .bulk("10.1.2.3"))
    }
}

/// A slot in migration (SETSLOT MIGRATING / IMPORTING): ASK for keys already gone, ASKING
/// to reach the importing side, TRYAGAIN for multi-key requests split across the two.
@Suite struct ClusterMigrationRedirectTests {
    @Test func askAskingAndTryAgain() throws {
        let t = try ClusterTestNode()
        let peer = t.addPeer(slots: 8192...16383, epoch: 2, port: 7001)
        #expect(t.run("cluster", "addslotsrange", "0", "8191") == .simpleString("OK"))
        t.test.advance(milliseconds: 3000)
        t.cluster.updateState()
        // bar is in slot 5061 (ours): migrating to the peer.
        #expect(t.run("set", "bar", "1") == .simpleString("OK"))
        #expect(t.run("cluster", "setslot", "5061", "migrating", peer.id.description) == .simpleString("OK"))
        #expect(t.run("get", "bar") == .bulk("1"))  // still here: served
        #expect(t.run("get", "{bar}x") == .error("ASK 5061 127.0.0.1:7001"))  // gone: ask the target
        // One key here, one gone: neither side has both (Redis 7.0's existing_keys check).
        #expect(t.run("mget", "bar", "{bar}x") == .error("TRYAGAIN Multiple keys request during rehashing of slot"))
        // MIGRATE runs here whatever keys are missing: nothing to move is +NOKEY, not ASK.
        #expect(t.run("migrate", "127.0.0.1", "7001", "{bar}x", "0", "100") == .simpleString("NOKEY"))
        // foo is in slot 12182 (the peer's): importing it.
        #expect(t.run("cluster", "setslot", "12182", "importing", peer.id.description) == .simpleString("OK"))
        #expect(t.run("get", "foo") == .error("MOVED 12182 127.0.0.1:7001"))
        #expect(t.run("asking") == .simpleString("OK"))
        #expect(t.run("set", "foo", "v") == .simpleString("OK"))
        #expect(t.run("get", "foo") == .error("MOVED 12182 127.0.0.1:7001"))  // ASKING lasts one command
        #expect(t.run("asking") == .simpleString("OK"))
        #expect(t.run("mget", "foo", "{foo}2") == .error("TRYAGAIN Multiple keys request during rehashing of slot"))
        // RESTORE-ASKING carries its own ASKING (what MIGRATE sends to an importing node).
        guard case .bulkString(let payload?) = t.run("dump", "foo") else { return }
        #expect(t.test.run([Array("restore-asking".utf8), Array("{foo}3".utf8), Array("0".utf8), payload]) == .simpleString("OK"))
        #expect(t.test.run([Array("restore".utf8), Array("{foo}4".utf8), Array("0".utf8), payload]) == .error("MOVED 12182 127.0.0.1:7001"))
        #expect(t.run("cluster", "setslot", "12182", "stable") == .simpleString("OK"))
        guard case .bulkString(let nodes?) = t.run("cluster", "nodes") else { return }
        #expect(String(decoding: nodes, as: UTF8.self).contains("[5061->-\(peer.id)]"))
    }
}
