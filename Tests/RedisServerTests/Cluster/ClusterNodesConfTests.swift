import Foundation
import Testing

@testable import RedisServer

@Suite struct ClusterNodesConfTests {
    static let id1 = "1111111111111111111111111111111111111111"
    static let id2 = "2222222222222222222222222222222222222222"
    static let id3 = "3333333333333333333333333333333333333333"
    static func id(_ s: String) -> ClusterNodeID { ClusterNodeID(s)! }

    func parse(_ text: String) throws(NodesConfError) -> NodesConf { try NodesConf.parse(text) }

    func parseError(_ text: String) -> NodesConfError? {
        if case .failure(let error) = Result(catching: { () throws(NodesConfError) in try NodesConf.parse(text) }) { return error }
        return nil
    }

    // MARK: Files written by Redis

    @Test(arguments: ["m1.conf", "m2.conf"])
    func realFilesRenderByteForByte(name: String) throws {
        let text = try ClusterFixture.text("nodes-conf/\(name)")
        let conf = try NodesConf.parse(text)
        #expect(conf.rendered == text)
        #expect(conf.nodes.count == 4)
        #expect(conf.currentEpoch == 3 && conf.lastVoteEpoch == 0)
    }

    @Test func realFileContent() throws {
        let info = try ClusterFixture.json("nodes-conf/captured.json")
        func node(_ key: String) -> (id: ClusterNodeID, port: Int) {
            let n = info[key] as! [String: Any]
            return (ClusterNodeID(n["id"] as! String)!, n["port"] as! Int)
        }
        let (m1, m2, m3, r1) = (node("m1"), node("m2"), node("m3"), node("r1"))
        let conf = try NodesConf.parse(try ClusterFixture.text("nodes-conf/m1.conf"))
        let byID = Dictionary(uniqueKeysWithValues: conf.nodes.map { ($0.id, $0) })

        let me = try #require(conf.myself)
        #expect(me.id == m1.id && me.port == m1.port && me.busPort == m1.port + 10000 && me.ip == "127.0.0.1")
        #expect(me.flags == [.myself, .master] && me.masterID == nil && me.linkConnected)
        #expect(me.slots.ranges == [0...5460] && me.migrating == [100: m2.id] && me.importing.isEmpty)
        #expect(me.configEpoch == 1)

        let replica = try #require(byID[r1.id])
        #expect(replica.flags == [.slave, .fail] && replica.masterID == m1.id && !replica.linkConnected)
        #expect(replica.configEpoch == 1)  // its master's epoch, as printed
        #expect(replica.pingSent > 0 && replica.slots.isEmpty)

        let other = try #require(byID[m2.id])
        #expect(other.hostname == "m2.shakedown.test" && other.slots.ranges == [5461...10922] && other.flags == [.master])
        #expect(byID[m3.id]?.slots.ranges == [10923...16383])

        let m2conf = try NodesConf.parse(try ClusterFixture.text("nodes-conf/m2.conf"))
        #expect(m2conf.myself?.importing == [100: m1.id])
        #expect(m2conf.myself?.hostname == "m2.shakedown.test")

        // CLUSTER NODES on the same node: the same lines (another order), no vars line.
        let clusterNodes = info["m1_cluster_nodes"] as! String
        let fromCommand = try NodesConf.parse(clusterNodes)
        #expect(fromCommand.nodes.map(\.nodesLine).joined() == clusterNodes)
        #expect(Set(fromCommand.nodes.map(\.id)) == Set(conf.nodes.map(\.id)))
    }

    // MARK: Rendering

    @Test func lineFormat() {
        var r = ClusterNodeRecord(
            id: Self.id(Self.id1), ip: "10.0.0.1", port: 7000, busPort: 17000, flags: [.master, .myself],
            pingSent: 0, pongReceived: 1_700_000_000_123, configEpoch: 5, linkConnected: true,
            slots: SlotBitmap(ranges: [0...10, 12...12, 16383...16383]))
        #expect(r.nodesLine == "\(Self.id1) 10.0.0.1:7000@17000 myself,master - 0 1700000000123 5 connected 0-10 12 16383\n")
        r.hostname = "h.example"
        r.migrating = [7: Self.id(Self.id2), 3: Self.id(Self.id3)]
        r.importing = [7: Self.id(Self.id3), 20: Self.id(Self.id2)]  // 7: migrating wins, as in Redis
        r.slots = SlotBitmap()
        r.linkConnected = false
        #expect(r.nodesLine == "\(Self.id1) 10.0.0.1:7000@17000,h.example myself,master - 0 1700000000123 5 disconnected "
            + "[3->-\(Self.id3)] [7->-\(Self.id2)] [20-<-\(Self.id2)]\n")
        let replica = ClusterNodeRecord(id: Self.id(Self.id2), flags: [.slave, .pfail], masterID: Self.id(Self.id1))
        #expect(replica.nodesLine == "\(Self.id2) :0@0 slave,fail? \(Self.id1) 0 0 0 disconnected\n")
    }

    @Test func fileSkipsHandshakeNodesAndEndsWithVars() {
        let conf = NodesConf(
            nodes: [
                ClusterNodeRecord(id: Self.id(Self.id1), ip: "a", port: 1, busPort: 2, flags: [.myself, .master], linkConnected: true),
                ClusterNodeRecord(id: Self.id(Self.id2), ip: "b", port: 3, busPort: 4, flags: [.handshake]),
            ], currentEpoch: 12, lastVoteEpoch: 7)
        #expect(conf.rendered == "\(Self.id1) a:1@2 myself,master - 0 0 0 connected\nvars currentEpoch 12 lastVoteEpoch 7\n")
    }

    @Test func randomConfsRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<30 {
            let ids = (0..<5).map { _ in ClusterNodeID.random(using: &rng) }
            var owned = SlotBitmap()
            let nodes = ids.enumerated().map { i, id in
                var slots = SlotBitmap()
                for _ in 0..<Int.random(in: 0...40, using: &rng) {
                    let s = Int.random(in: 0..<16384, using: &rng)
                    if owned.insert(s) { slots.insert(s) }
                }
                let printable: [ClusterNodeFlags] = [.master, .slave, .pfail, .fail, .noaddr, .nofailover]
                var flags = ClusterNodeFlags(printable.filter { _ in Bool.random(using: &rng) })
                if i == 0 { flags.insert(.myself) }
                return ClusterNodeRecord(
                    id: id, ip: Bool.random(using: &rng) ? "10.1.2.\(i)" : "", port: Int.random(in: 0...65535, using: &rng),
                    busPort: Int.random(in: 0...65535, using: &rng), hostname: Bool.random(using: &rng) ? "host\(i).x" : "",
                    flags: flags, masterID: Bool.random(using: &rng) ? ids[(i + 1) % 5] : nil,
                    pingSent: Int64.random(in: 0...1 << 42, using: &rng), pongReceived: Int64.random(in: 1...1 << 42, using: &rng),
                    configEpoch: UInt64.random(in: 0...UInt64.max, using: &rng), linkConnected: Bool.random(using: &rng),
                    slots: slots,
                    migrating: i == 0 ? [Int.random(in: 0..<16384, using: &rng): ids[1]] : [:],
                    importing: i == 0 ? [Int.random(in: 0..<16384, using: &rng): ids[2]] : [:])
            }
            let conf = NodesConf(nodes: nodes, currentEpoch: UInt64.random(in: 0...1000, using: &rng), lastVoteEpoch: 3)
            let parsed = try NodesConf.parse(conf.rendered)
            // A slot both migrating and importing renders (and so reads back) as migrating.
            var expected = conf
            for slot in expected.nodes[0].migrating.keys { expected.nodes[0].importing[slot] = nil }
            #expect(parsed == expected)
            #expect(parsed.rendered == conf.rendered)
        }
    }

    // MARK: What Redis tolerates

    @Test func addressForms() throws {
        let conf = try parse("""
            \(Self.id1) 127.0.0.1:7000 myself,master - 0 0 0 connected
            \(Self.id2) :0@0 noaddr,master - 0 0 0 disconnected
            \(Self.id3) ::1:7002@17999,v6.example slave \(Self.id1) 0 0 0 connected

            """)
        #expect(conf.nodes[0].busPort == 17000 && conf.nodes[0].port == 7000)
        #expect(conf.nodes[1].ip == "" && conf.nodes[1].port == 0 && conf.nodes[1].busPort == 0 && conf.nodes[1].flags == [.noaddr, .master])
        #expect(conf.nodes[2].ip == "::1" && conf.nodes[2].port == 7002 && conf.nodes[2].busPort == 17999 && conf.nodes[2].hostname == "v6.example")
        #expect(conf.nodes[1].nodesLine == "\(Self.id2) :0@0 master,noaddr - 0 0 0 disconnected\n")
        #expect(conf.currentEpoch == 0 && conf.lastVoteEpoch == 0)  // no vars line
    }

    @Test func blankLinesPaddingCRLFAndVarsAnywhere() throws {
        var warnings: [String] = []
        let text = "\n\nVARS lastVoteEpoch 4 CurrentEpoch 9 futureThing x\r\n   \t\n"
            + "\(Self.id1)  127.0.0.1:7000@17000\tmyself,master - 0 0 3 connected 1-2\r\n\n\n\n"
        let conf = try NodesConf.parse(text) { warnings.append($0) }
        #expect(conf.currentEpoch == 9 && conf.lastVoteEpoch == 4)
        #expect(warnings == ["Skipping unknown cluster config variable 'futureThing'"])
        #expect(conf.nodes.count == 1 && conf.myself?.slots.ranges == [1...2] && conf.myself?.configEpoch == 3)
    }

    /// Nodes only named as a master or a slot peer exist, empty, as Redis creates them,
    /// after the nodes with a line.
    @Test func namedNodesArePlaceholders() throws {
        let conf = try parse("""
            \(Self.id1) 1.1.1.1:1@2 myself,slave \(Self.id3) 0 0 0 connected [5->-\(Self.id2)]
            \(Self.id2) 2.2.2.2:3@4 master - 0 0 8 connected 0-99
            """)
        #expect(conf.nodes.map(\.id) == [Self.id1, Self.id2, Self.id3].map(Self.id))
        #expect(conf.nodes[1].ip == "2.2.2.2" && conf.nodes[1].configEpoch == 8)  // its own line filled it in
        #expect(conf.nodes[2].nodesLine == "\(Self.id3) :0@0 noflags - 0 0 0 disconnected\n")
        #expect(conf.nodes[0].migrating == [5: Self.id(Self.id2)] && conf.nodes[0].masterID == Self.id(Self.id3))
    }

    @Test func numbersReadLikeAtoi() throws {
        let conf = try parse("""
            \(Self.id1) 1.1.1.1:70x@x myself,master - 12abc 0 7zz connected 5-3 9 10-11 x 1-
            \(Self.id2) 1.1.1.1:1@1 master - 0 0 0 connected 9-12 100
            vars currentEpoch 42nd lastVoteEpoch -1
            """)
        let me = try #require(conf.myself)
        #expect(me.port == 70 && me.busPort == 0 && me.pingSent == 12 && me.configEpoch == 7)
        // 5-3 adds nothing; "x" is slot 0; "1-" is 1-0, nothing.
        #expect(me.slots.ranges == [0...0, 9...11])
        // A slot already owned by an earlier line stays with it.
        #expect(conf.nodes[1].slots.ranges == [12...12, 100...100])
        #expect(conf.currentEpoch == 42 && conf.lastVoteEpoch == UInt64.max)
    }

    @Test func repeatedNodeLinesMerge() throws {
        let conf = try parse("""
            \(Self.id1) 1.1.1.1:1@2 myself,master - 0 0 0 connected 1
            \(Self.id2) 1.1.1.1:3@4,h slave \(Self.id1) 5 6 0 connected
            \(Self.id2) 9.9.9.9:5@6 fail - 0 0 2 disconnected 3
            """)
        #expect(conf.nodes.count == 2)
        let n = conf.nodes[1]
        #expect(n.ip == "9.9.9.9" && n.port == 5 && n.hostname == "")
        #expect(n.flags == [.slave, .fail] && n.masterID == Self.id(Self.id1))
        #expect(n.pingSent == 5 && n.pongReceived == 6 && n.configEpoch == 2 && !n.linkConnected)
        #expect(n.slots.ranges == [3...3])
    }

    // MARK: What Redis refuses

    @Test func errorsCarryTheLine() {
        let me = "\(Self.id1) 1.1.1.1:1@2 myself,master - 0 0 0 connected"
        let cases: [(String, Int?, String)] = [
            ("\(me)\n\(Self.id2) 1.1.1.1:1@2 master - 0 0 0", 2, "7 fields, a node line has at least 8"),
            ("\(me)\n\nABC 1.1.1.1:1@2 master - 0 0 0 connected", 3, "invalid node id 'ABC'"),
            ("\(me)\n\(String(repeating: "A", count: 40)) 1.1.1.1:1@2 master - 0 0 0 connected", 2,
             "invalid node id '\(String(repeating: "A", count: 40))'"),
            ("\(me)\n\(Self.id2) 1.1.1.1 master - 0 0 0 connected", 2, "address '1.1.1.1' has no ':'"),
            ("\(me)\n\(Self.id2) 1.1.1.1:1@2 master,meet - 0 0 0 connected", 2, "unknown node flag 'meet'"),
            ("\(me)\n\(Self.id2) 1.1.1.1:1@2 myself - 0 0 0 connected", 2, "a second node flagged myself"),
            ("\(me)\n\(Self.id2) 1.1.1.1:1@2 slave 12345 0 0 0 connected", 2, "invalid master id '12345'"),
            ("\(me) 16384", 1, "slot range '16384' outside 0-16383"),
            ("\(me) 0-16384", 1, "slot range '0-16384' outside 0-16383"),
            ("\(me) [100]", 1, "slot entry '[100]' has no '-'"),
            ("\(me) [16384->-\(Self.id2)]", 1, "slot entry '[16384->-\(Self.id2)]': slot outside 0-16383"),
            ("\(me) [100->-abc]", 1, "slot entry '[100->-abc]' has no valid node id"),
            ("\(me) [100->-\(Self.id2)", 1, "slot entry '[100->-\(Self.id2)' has no valid node id"),
            ("\(me) [1-", 1, "slot entry '[1-' has no valid node id"),
            ("\(me)\nvars currentEpoch", 2, "vars line with a name but no value"),
            ("\(Self.id2) 1.1.1.1:1@2 master - 0 0 0 connected\nvars currentEpoch 1 lastVoteEpoch 1", nil, "no node is flagged myself"),
            ("", nil, "no node is flagged myself"),
        ]
        for (text, line, reason) in cases {
            let e = parseError(text)
            #expect(e == NodesConfError(line: line, reason: reason), "\(text)")
        }
        #expect(NodesConfError(line: 3, reason: "x").description == "Unrecoverable error: corrupted cluster config file. Line 3: x")
        #expect(NodesConfError(line: nil, reason: "y").description == "Unrecoverable error: corrupted cluster config file. y")
    }

    /// As in Redis, anything but `>` after the first `-` means importing.
    @Test func openSlotDirection() throws {
        let conf = try parse("\(Self.id1) 1.1.1.1:1@2 myself,master - 0 0 0 connected [1-?-\(Self.id2)] [2->-\(Self.id2)]trailing")
        #expect(conf.myself?.importing == [1: Self.id(Self.id2)] && conf.myself?.migrating == [2: Self.id(Self.id2)])
    }

    // MARK: Files

    @Test func saveAndLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nodesconf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nodes.conf").path

        #expect(try NodesConf.load(from: path) == nil)  // missing
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        #expect(try NodesConf.load(from: path) == nil)  // empty (Redis's lock creates it)

        let conf = try NodesConf.parse(try ClusterFixture.text("nodes-conf/m1.conf"))
        // Replacing a longer file leaves no tail (7.0 pads and truncates; rename has nothing left over).
        try Data(repeating: UInt8(ascii: "#"), count: 10_000).write(to: URL(fileURLWithPath: path))
        try conf.save(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == conf.rendered)
        #expect(try NodesConf.load(from: path) == conf)

        var smaller = conf
        let named = Set(conf.nodes.flatMap { [$0.masterID].compactMap { $0 } + $0.migrating.values + $0.importing.values })
        smaller.nodes.removeAll { !$0.flags.contains(.myself) && !named.contains($0.id) }
        #expect(smaller.nodes.count == 2)  // myself and the migration target
        try smaller.save(to: path, fsync: false)
        #expect(try NodesConf.load(from: path) == smaller)
        // Only the file itself: no temp file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["nodes.conf"])
    }

    @Test func saveFailureLeavesTheOldFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nodesconf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = try NodesConf.parse(try ClusterFixture.text("nodes-conf/m2.conf"))
        // The target is a non-empty directory: the rename fails.
        let target = dir.appendingPathComponent("nodes.conf")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: target.appendingPathComponent("keep").path, contents: Data())
        #expect(throws: NodesConfFileError.self) { try conf.save(to: target.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["nodes.conf"])
        // A directory that does not exist: the temp file can't be created.
        #expect(throws: (any Error).self) { try conf.save(to: dir.appendingPathComponent("missing/nodes.conf").path) }
        // Reading a directory is an I/O error, not "no file".
        #expect(throws: NodesConfFileError.self) { try NodesConf.load(from: target.path) }
        // Corrupt content is a NodesConfError.
        let bad = dir.appendingPathComponent("bad.conf").path
        try "garbage\n".write(toFile: bad, atomically: false, encoding: .utf8)
        #expect(throws: NodesConfError(line: 1, reason: "1 fields, a node line has at least 8")) { try NodesConf.load(from: bad) }
    }
}
