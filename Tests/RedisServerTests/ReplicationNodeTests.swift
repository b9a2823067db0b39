import NIOCore
import RESP
import Testing

@testable import RedisServer

/// Replication inside one node, without sockets: what writes feed the stream, how a replica
/// applies its master's stream, read-only replicas, expiry on replicas, INFO, ROLE and WAIT.
@Suite struct ReplicationNodeTests {
    static func resp(_ commands: [String]...) -> String {
        commands.map { c in "*\(c.count)\r\n" + c.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined() }.joined()
    }

    static func stream(_ t: TestNode) -> String {
        let r = t.node.replication
        guard let backlog = r.backlog else { return "" }
        return String(buffer: backlog.bytes(from: backlog.firstByteOffset)!)
    }

    /// A node that follows a (fictitious) master, with the master's stream attached as if
    /// the link had synchronised at offset `offset`.
    static func replica(offset: Int64 = 100, _ configure: (ServerConfig) -> Void = { _ in }) -> (TestNode, MasterStream) {
        let t = TestNode { config in
            config.replication.primary = ("127.0.0.1", 1)
            configure(config)
        }
        let r = t.node.replication
        let link = MasterLink(replication: r, host: "127.0.0.1", port: 1)
        let master = MasterStream(replication: r, link: link, replicationID: String(repeating: "f", count: 40), offset: offset, db: 0)
        r.master = master
        r.linkState = .connected
        r.history.id = master.replicationID
        r.history.offset = offset
        r.createBacklog()
        return (t, master)
    }

    @Test func withoutReplicasNothingIsEncoded() {
        let t = TestNode()
        #expect(!t.node.hasPropagationTargets)
        t.run("SET", "k", "v")
        #expect(t.node.replication.history.offset == 0)
        #expect(t.node.replication.backlog == nil)
    }

    @Test func writesFeedTheStreamWithSelect() {
        let t = TestNode()
        t.node.replication.createBacklog()
        #expect(t.node.hasPropagationTargets)
        t.run("SET", "k", "v")
        t.run("GET", "k")
        t.run("SELECT", "3")
        t.run("INCR", "n")
        t.run("SET", "k", "v", "EX", "100")
        let expected = Self.resp(
            ["SELECT", "0"], ["SET", "k", "v"], ["SELECT", "3"], ["INCR", "n"], ["SET", "k", "v", "PXAT", String(t.now + 100_000)])
        #expect(Self.stream(t) == expected)
        #expect(t.node.replication.history.offset == Int64(expected.utf8.count))
        #expect(t.client.replicationWriteOffset == Int64(expected.utf8.count))
    }

    @Test func transactionsTravelAsMultiExec() {
        let t = TestNode()
        t.node.replication.createBacklog()
        t.run("MULTI")
        t.run("SET", "a", "1")
        t.run("SET", "b", "2")
        t.run("EXEC")
        #expect(Self.stream(t) == Self.resp(["SELECT", "0"], ["MULTI"], ["SET", "a", "1"], ["SET", "b", "2"], ["EXEC"]))
    }

    @Test func expiryOnTheMasterSendsDel() {
        let t = TestNode()
        t.node.replication.createBacklog()
        t.run("SET", "a", "1", "PX", "10")
        let before = Self.stream(t)
        t.advance(milliseconds: 10)
        t.run("GET", "a")
        #expect(Self.stream(t) == before + Self.resp(["DEL", "a"]))
    }

    @Test func replicaAppliesTheStreamAndCountsBytes() {
        let (t, master) = Self.replica()
        let wire = Self.resp(["SELECT", "2"], ["SET", "x", "1"], ["RPUSH", "l", "a", "b"], ["PING"])
        // In awkward pieces, as a socket delivers them.
        let bytes = Array(wire.utf8)
        var i = 0
        while i < bytes.count {
            let n = min(7, bytes.count - i)
            master.apply(ByteBuffer(bytes: bytes[i..<(i + n)]))
            i += n
        }
        #expect(master.appliedOffset == 100 + Int64(bytes.count))
        #expect(t.node.replication.history.offset == master.appliedOffset)
        #expect(Self.stream(t) == wire, "the stream is passed on unchanged")
        t.run("SELECT", "2")
        #expect(t.run("GET", "x") == .bulk("1"))
        #expect(t.run("LRANGE", "l", "0", "-1") == .array([.bulk("a"), .bulk("b")]))
        #expect(master.client.reply.buffer.readableBytes == 0, "nothing is answered to the master")
    }

    /// A big argument arriving in pieces makes the parser compact its buffer: the offset must
    /// still count every byte once.
    @Test func bigArgumentsCountExactly() {
        let (t, master) = Self.replica(offset: 0)
        let wire = Array(Self.resp(["SET", "big", String(repeating: "B", count: 200_000)], ["SET", "small", "1"]).utf8)
        var i = 0
        while i < wire.count {
            let n = min(16_384, wire.count - i)
            master.apply(ByteBuffer(bytes: wire[i..<(i + n)]))
            i += n
        }
        #expect(master.appliedOffset == Int64(wire.count))
        #expect(master.readOffset == Int64(wire.count))
        #expect(t.run("STRLEN", "big") == .integer(200_000))
        #expect(Self.stream(t).utf8.count == wire.count)
    }

    @Test func aTransactionCountsOnceItsExecRan() {
        let (t, master) = Self.replica(offset: 0)
        let head = Self.resp(["MULTI"], ["SET", "a", "1"])
        master.apply(ByteBuffer(string: head))
        #expect(master.appliedOffset == 0)
        #expect(t.node.replication.history.offset == 0)
        let tail = Self.resp(["SET", "b", "2"], ["EXEC"])
        master.apply(ByteBuffer(string: tail))
        #expect(master.appliedOffset == Int64((head + tail).utf8.count))
        #expect(t.run("MGET", "a", "b") == .array([.bulk("1"), .bulk("2")]))
    }

    @Test func readOnlyReplicaRefusesWrites() {
        let (t, _) = Self.replica()
        #expect(t.run("SET", "k", "v") == .error("READONLY You can't write against a read only replica."))
        #expect(t.run("GET", "k") == .bulkString(nil))
        t.run("MULTI")
        #expect(t.run("INCR", "n") == .error("READONLY You can't write against a read only replica."))
        #expect(t.run("EXEC") == .error("EXECABORT Transaction discarded because of previous errors."))
        #expect(t.run("CONFIG", "SET", "replica-read-only", "no") == .simpleString("OK"))
        #expect(t.run("SET", "k", "v") == .simpleString("OK"))
    }

    @Test func staleDataCanBeRefused() {
        let (t, _) = Self.replica { $0.replication.serveStaleData = false }
        t.node.replication.linkState = .connect
        #expect(t.run("GET", "k") == .error("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."))
        // Commands flagged `stale` still run (PING is not one of them, in Redis either).
        #expect(t.run("INFO", "replication").string?.contains("master_link_status:down\r\n") == true)
    }

    @Test func replicasLeaveExpiryToTheirMaster() {
        let (t, master) = Self.replica()
        master.apply(ByteBuffer(string: Self.resp(["SET", "k", "v", "PXAT", String(t.now + 10)])))
        t.advance(milliseconds: 20)
        #expect(t.run("GET", "k") == .bulkString(nil), "expired for clients")
        t.node.cron()
        #expect(t.node.databases[0].count == 1, "but not deleted: no active expiry, no lazy delete")
        // The master's commands still see it.
        master.apply(ByteBuffer(string: Self.resp(["APPEND", "k", "w"])))
        #expect(t.node.databases[0].count == 1)
        master.apply(ByteBuffer(string: Self.resp(["DEL", "k"])))
        #expect(t.node.databases[0].count == 0)
    }

    @Test func infoAndRoleOfAMaster() {
        let t = TestNode()
        let info = t.run("INFO", "replication").string ?? ""
        let lines = info.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.map { String($0.prefix { $0 != ":" }) } == [
            "# Replication", "role", "connected_slaves", "master_failover_state", "master_replid", "master_replid2",
            "master_repl_offset", "second_repl_offset", "repl_backlog_active", "repl_backlog_size",
            "repl_backlog_first_byte_offset", "repl_backlog_histlen",
        ])
        #expect(info.hasSuffix("\r\n"))
        #expect(info.contains("role:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\n"))
        #expect(info.contains("second_repl_offset:-1\r\nrepl_backlog_active:0\r\nrepl_backlog_size:1048576\r\n"))
        #expect(t.run("ROLE") == .array([.bulk("master"), .integer(0), .array([])]))
    }

    @Test func infoAndRoleOfAReplica() {
        let (t, _) = Self.replica(offset: 100)
        let info = t.run("INFO", "replication").string ?? ""
        #expect(info.contains("role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:1\r\nmaster_link_status:up\r\n"))
        #expect(info.contains("master_sync_in_progress:0\r\nslave_read_repl_offset:100\r\nslave_repl_offset:100\r\n"))
        #expect(info.contains("slave_priority:100\r\nslave_read_only:1\r\nreplica_announced:1\r\nconnected_slaves:0\r\n"))
        #expect(!info.contains("master_link_down_since_seconds"))
        #expect(info.contains("repl_backlog_active:1\r\n"))
        #expect(info.contains("repl_backlog_first_byte_offset:101\r\n"))
        #expect(
            t.run("ROLE") == .array([.bulk("slave"), .bulk("127.0.0.1"), .integer(1), .bulk("connected"), .integer(100)]))
    }

    @Test func promotionShiftsTheReplicationId() {
        let (t, master) = Self.replica(offset: 100)
        master.apply(ByteBuffer(string: Self.resp(["SET", "k", "v"])))
        let offset = t.node.replication.history.offset
        let old = t.node.replication.history.id
        #expect(t.run("REPLICAOF", "NO", "ONE") == .simpleString("OK"))
        let info = t.run("INFO", "replication").string ?? ""
        #expect(info.contains("role:master\r\n"))
        #expect(info.contains("master_replid2:\(old)\r\n"))
        #expect(info.contains("second_repl_offset:\(offset + 1)\r\n"))
        #expect(!info.contains("master_replid:\(old)\r\n"))
        #expect(t.run("SET", "k", "w") == .simpleString("OK"), "writable now")
        #expect(t.node.replication.history.offset > offset, "and its writes feed the stream")
    }

    @Test func waitWithoutReplicas() {
        let t = TestNode()
        #expect(t.run("WAIT", "0", "0") == .integer(0))
        #expect(t.run("WAIT", "x", "0") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("WAIT", "1", "-1") == .error("ERR timeout is negative"))
        #expect(t.run("WAIT", "1", "x") == .error("ERR timeout is not an integer or out of range"))
        #expect(t.run("WAIT", "1", "100") == .array([]), "blocks")
        t.advance(milliseconds: 100)
        #expect(t.drain() == [.integer(0)])
        // CLIENT UNBLOCK answers WAIT as its timeout would.
        #expect(t.run("WAIT", "1", "0") == .array([]))
        let other = t.connect()
        #expect(t.run("CLIENT", "UNBLOCK", String(t.client.id), as: other) == .integer(1))
        #expect(t.drain() == [.integer(0)])
        #expect(t.node.replication.waiting.isEmpty)
        let (replica, _) = Self.replica()
        guard case .error(let message) = replica.run("WAIT", "1", "0") else {
            Issue.record("WAIT on a replica must fail")
            return
        }
        #expect(message.hasPrefix("ERR WAIT cannot be used with replica instances"))
    }

    @Test func replconf() {
        let t = TestNode()
        #expect(t.run("REPLCONF", "listening-port", "6380", "capa", "eof", "capa", "psync2") == .simpleString("OK"))
        #expect(t.client.replicaPeer?.listeningPort == 6380)
        #expect(t.client.replicaPeer?.supportsPsync2 == true)
        #expect(t.run("REPLCONF", "listening-port") == .error("ERR syntax error"))
        #expect(t.run("REPLCONF", "nosuch", "1") == .error("ERR Unrecognized REPLCONF option: nosuch"))
        #expect(t.run("REPLCONF", "ACK", "10") == .array([]), "never answered")
        #expect(t.run("REPLCONF", "GETACK", "*") == .array([]), "never answered")
        #expect(t.run("REPLICAOF", "host", "notaport") == .error("ERR Invalid master port"))
    }

    @Test func syncStatePersistsInSnapshots() {
        let t = TestNode()
        #expect(t.node.replication.rdbSaveInfo().isEmpty, "a node that never replicated saves no replication info")
        t.node.replication.createBacklog()
        t.run("SET", "k", "v")
        let aux = Dictionary(uniqueKeysWithValues: t.node.replication.rdbSaveInfo())
        #expect(aux["repl-id"] == t.node.replication.history.id)
        #expect(aux["repl-offset"] == String(t.node.replication.history.offset))
        #expect(aux["repl-stream-db"] == "0")
        // A replica restarted from such a snapshot resumes from there.
        let replica = TestNode { $0.replication.primary = ("127.0.0.1", 1) }
        replica.node.replication.restore(fromSnapshot: aux)
        #expect(replica.node.replication.cachedMaster?.replicationID == t.node.replication.history.id)
        #expect(replica.node.replication.cachedMaster?.offset == t.node.replication.history.offset)
    }

    @Test func directives() throws {
        let config = ServerConfig()
        try ConfigLoader.apply("replicaof 10.0.0.1 6380\nmasterauth pw\nslave-read-only no\nrepl-backlog-size 2mb", to: config)
        #expect(config.replication.primary?.host == "10.0.0.1")
        #expect(config.replication.primary?.port == 6380)
        #expect(config.replication.masterAuth == "pw")
        #expect(config.replication.readOnly == false)
        #expect(config.replication.backlogSize == 2 * 1024 * 1024)
        try ConfigLoader.apply("slaveof no one", to: config)
        #expect(config.replication.primary == nil)
        #expect(throws: ConfigLoadError.self) { try ConfigLoader.apply("replicaof host 70000", to: config) }

        let t = TestNode()
        #expect(t.run("CONFIG", "GET", "repl-ping-replica-period") == .array([.bulk("repl-ping-replica-period"), .bulk("10")]))
        t.node.replication.createBacklog()
        t.run("SET", "k", "v")
        #expect(t.run("CONFIG", "SET", "repl-backlog-size", "32kb") == .simpleString("OK"))
        #expect(t.node.replication.backlog?.capacity == 32 * 1024)
        #expect(Self.stream(t) == Self.resp(["SELECT", "0"], ["SET", "k", "v"]), "resizing keeps the history")
        #expect(t.run("INFO", "replication").string?.contains("repl_backlog_size:32768\r\n") == true)
    }

    @Test func backlogIsFreedAfterItsTTL() {
        let t = TestNode { $0.replication.backlogTTL = 10 }
        t.node.replication.createBacklog()
        // The node was built before the test clock took over.
        t.node.replication.noReplicasSince = t.now
        let id = t.node.replication.history.id
        t.advance(milliseconds: 5_000)
        t.node.cron()
        #expect(t.node.replication.backlog != nil, "kept")
        t.advance(milliseconds: 6_000)
        t.node.cron()
        #expect(t.node.replication.backlog == nil, "freed")
        #expect(t.node.replication.history.id != id, "a new history: nothing to resume from")
        #expect(!t.node.hasPropagationTargets)
    }
}
