import Testing

@testable import RedisServer

/// Failure detection, votes and epochs, driven by hand-made bus messages on a node
/// without sockets (Redis 7.0's rules, cluster.c).
@Suite struct ClusterFailureDetectionTests {
    /// Us (slots 0-5460) and two more masters; node timeout 1 s.
    private func threeMasters() throws -> (ClusterTestNode, ClusterNode, ClusterNode) {
        let t = try ClusterTestNode()
        for s in 0...5460 { t.cluster.assign(s, to: t.cluster.myself) }
        t.cluster.myself.configEpoch = 1
        t.cluster.currentEpoch = 3
        let b = t.addPeer(slots: 5461...10922, epoch: 2, port: 7001)
        let c = t.addPeer(slots: 10923...16383, epoch: 3, port: 7002)
        t.cluster.updateState()  // the first call starts the writable delay of a rebooted master
        t.test.advance(milliseconds: 3000)
        t.cluster.updateState()
        #expect(t.cluster.state == .ok && t.cluster.size == 3)
        return (t, b, c)
    }

    private func ping(_ t: ClusterTestNode, from peer: ClusterNode, gossip: [ClusterGossipEntry]) -> ClusterMessage {
        t.message(from: peer, .ping(ClusterPingBody(gossip: gossip)))
    }

    @Test func pfailBecomesFailOnlyWithAMajorityOfMasters() throws {
        let (t, b, c) = try threeMasters()
        // B stops answering: after the node timeout it is PFAIL in our eyes only.
        b.pingSent = t.test.now
        t.test.advance(milliseconds: 1500)
        t.cluster.cron()
        #expect(b.isTimedOut && !b.isFailed)
        // C (a master) reports B as PFAIL: with our own opinion that is 2 of 3.
        var report = t.cluster.gossipEntry(b)
        report.flags.insert(.pfail)
        t.deliver(ping(t, from: c, gossip: [report]), from: c)
        #expect(b.isFailed)
        #expect(t.sent(to: c).contains { if case .fail(let id) = $0.body { return id == b.id } else { return false } })
        #expect(t.cluster.state == .fail)  // B's slots are served by a FAIL node
    }

    @Test func reportsFromReplicasDoNotCountAndExpire() throws {
        let (t, b, c) = try threeMasters()
        let r = t.addPeer(master: c, port: 7003)
        b.pingSent = t.test.now
        t.test.advance(milliseconds: 1500)
        t.cluster.cron()
        var report = t.cluster.gossipEntry(b)
        report.flags.insert(.pfail)
        t.deliver(ping(t, from: r, gossip: [report]), from: r)
        #expect(!b.isFailed)
        #expect(b.failReports.isEmpty)
        // A master's report older than 2 x node timeout no longer counts.
        b.addFailureReport(from: c, now: t.test.now - 2500)
        t.cluster.markFailingIfNeeded(b)
        #expect(!b.isFailed)
    }

    @Test func oneVotePerEpochAndNotTwiceForTheSameMaster() throws {
        let (t, b, _) = try threeMasters()
        let r1 = t.addPeer(master: b, port: 7004)
        let r2 = t.addPeer(master: b, port: 7005)
        b.flags.insert(.fail)
        // r1 asks for epoch 4: granted, and the vote is on disk before the ACK leaves.
        t.deliver(t.message(from: r1, .failoverAuthRequest, currentEpoch: 4), from: r1)
        #expect(t.cluster.lastVoteEpoch == 4)
        #expect(t.sent(to: r1).contains { $0.type == .failoverAuthAck })
        let saved = try String(contentsOfFile: t.cluster.configPath, encoding: .utf8)
        #expect(saved.contains("lastVoteEpoch 4"))
        // r2 in the same epoch: denied.
        t.deliver(t.message(from: r2, .failoverAuthRequest, currentEpoch: 4), from: r2)
        #expect(!t.sent(to: r2).contains { $0.type == .failoverAuthAck })
        // r2 in a new epoch but within 2 x node timeout of the last vote for B: denied.
        t.test.advance(milliseconds: 500)
        t.deliver(t.message(from: r2, .failoverAuthRequest, currentEpoch: 5), from: r2)
        #expect(!t.sent(to: r2).contains { $0.type == .failoverAuthAck })
        // Later it may.
        t.test.advance(milliseconds: 2000)
        t.deliver(t.message(from: r2, .failoverAuthRequest, currentEpoch: 6), from: r2)
        #expect(t.sent(to: r2).contains { $0.type == .failoverAuthAck })
    }

    @Test func noVoteWhileTheMasterIsUp() throws {
        let (t, b, _) = try threeMasters()
        let r = t.addPeer(master: b, port: 7004)
        t.deliver(t.message(from: r, .failoverAuthRequest, currentEpoch: 4), from: r)
        #expect(!t.sent(to: r).contains { $0.type == .failoverAuthAck })
        #expect(t.cluster.lastVoteEpoch == 0)
    }

    @Test func epochCollisionIsResolvedByTheSmallerID() throws {
        let t = try ClusterTestNode()
        for s in 0...100 { t.cluster.assign(s, to: t.cluster.myself) }
        t.cluster.myself.configEpoch = 5
        t.cluster.currentEpoch = 5
        let other = t.addPeer(slots: 200...300, epoch: 5, port: 7001)
        t.deliver(t.message(from: other, .ping(ClusterPingBody())), from: other)
        if t.cluster.myself.id < other.id {
            #expect(t.cluster.myself.configEpoch == 6 && t.cluster.currentEpoch == 6)
        } else {
            #expect(t.cluster.myself.configEpoch == 5)
        }
    }

    @Test func newerEpochTakesSlotsAndLosingAllMakesUsAReplica() throws {
        let (t, b, _) = try threeMasters()
        // B claims our slots with a newer epoch (it was failed over to, say): we follow it.
        b.configEpoch = 9
        var m = t.message(from: b, .pong(ClusterPingBody()))
        m.slots = SlotBitmap(ranges: [0...10922])
        m.configEpoch = 9
        t.deliver(m, from: b)
        #expect(t.cluster.slots[0] === b)
        #expect(t.cluster.myself.isReplica && t.cluster.myself.master === b)
    }
}
