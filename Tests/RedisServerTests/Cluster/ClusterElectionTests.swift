import Testing

@testable import RedisServer

/// When a replica may start an election (Redis 7.0's clusterHandleSlaveFailover).
@Suite struct ClusterElectionTests {
    /// We replicate B; B and C are masters with slots; B has failed.
    private func replicaOfFailedMaster(_ configure: @escaping (ServerConfig) -> Void = { _ in }) throws
        -> (ClusterTestNode, ClusterNode)
    {
        let t = try ClusterTestNode(configure)
        let b = t.addPeer(slots: 0...8191, epoch: 1, port: 7001)
        t.addPeer(slots: 8192...16383, epoch: 2, port: 7002)
        t.cluster.setMaster(of: t.cluster.myself, to: b)
        t.cluster.currentEpoch = 2
        t.cluster.updateState()
        b.flags.insert(.fail)
        b.failTime = t.test.now
        return (t, b)
    }

    @Test func aReplicaThatNeverSyncedIsTooStaleToFailOver() throws {
        let (t, _) = try replicaOfFailedMaster()
        t.cluster.handleReplicaFailover()
        #expect(t.cluster.cantFailoverReason == .dataAge)
        #expect(t.cluster.failoverAuthTime == 0)
    }

    @Test func validityFactorZeroDisablesTheDataAgeCheck() throws {
        let (t, _) = try replicaOfFailedMaster { $0.cluster.replicaValidityFactor = 0 }
        t.cluster.handleReplicaFailover()
        // Scheduled 500-1000 ms ahead (rank 0), then the request goes out with a new epoch.
        let delay = t.cluster.failoverAuthTime - t.test.now
        #expect(delay >= 500 && delay < 1000, "delay \(delay)")
        t.test.advance(milliseconds: 1000)
        t.cluster.handleReplicaFailover()
        #expect(t.cluster.failoverAuthSent && t.cluster.failoverAuthEpoch == 3 && t.cluster.currentEpoch == 3)
    }

    @Test func noFailoverReplicasNeverStartAnElection() throws {
        let (t, _) = try replicaOfFailedMaster {
            $0.cluster.replicaValidityFactor = 0
            $0.cluster.replicaNoFailover = true
        }
        t.cluster.handleReplicaFailover()
        #expect(t.cluster.failoverAuthTime == 0 && !t.cluster.failoverAuthSent)
    }

    @Test func aBetterReplicaRanksFirst() throws {
        let (t, b) = try replicaOfFailedMaster { $0.cluster.replicaValidityFactor = 0 }
        let other = t.addPeer(master: b, port: 7003)
        other.replOffset = 1000  // more data than our 0
        t.cluster.handleReplicaFailover()
        #expect(t.cluster.failoverAuthRank == 1)
        let delay = t.cluster.failoverAuthTime - t.test.now
        #expect(delay >= 1500 && delay < 2000, "delay \(delay)")
    }
}
