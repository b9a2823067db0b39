import Foundation
import RESP
import Testing

/// `redis-cli --cluster reshard` over our nodes: SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT,
/// MIGRATE ... KEYS (RESTORE-ASKING on the target), SETSLOT NODE. Afterwards the cluster
/// checks clean, every key reads back with its value and TTL, and the moved slots' keys
/// live on their new owner.
@Suite(.serialized) struct ClusterReshardTests {
    /// Sends `args` to the node owning `key`, following MOVED from node 0.
    static func send(_ cluster: ClusterNodes, _ args: [String]) throws -> RESPValue {
        var index = 0
        for _ in 0..<3 {
            let reply = try cluster.connect(index).send(args)
            guard case .error(let message) = reply, message.hasPrefix("MOVED ") else { return reply }
            let port = Int(message.split(separator: ":").last ?? "") ?? 0
            index = try #require(cluster.index(ofPort: port))
        }
        throw ServerProcess.Failure(description: "no owner answered \(args)")
    }

    @Test func reshardMovesKeysWithRedisCli() throws {
        let cluster = try ClusterNodes(count: 3)
        let create = try ClusterNodes.cli(["--cluster", "create"] + cluster.addresses + ["--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(
            try ClusterNodes.waitFor { try (0..<3).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } },
            "cluster_state never became ok")
        let before = cluster.nodesView(0)
        let source = try #require(before.first { $0.port == cluster.port(0) })
        let target = try #require(before.first { $0.port == cluster.port(1) })

        // Keys in the source's first slots (those reshard moves first) and elsewhere; every
        // other one with a TTL, every fifth a hash.
        var keys: [String] = []
        var i = 0
        while keys.count < 300 {
            let key = "k:\(i)"
            if HashSlot.slot(for: key) < 150 || i % 97 == 0 { keys.append(key) }
            i += 1
        }
        for (n, key) in keys.enumerated() {
            let reply =
                n % 5 == 0
                ? try Self.send(cluster, ["hset", key, "f", "v\(n)"])
                : try Self.send(cluster, ["set", key, "v\(n)"] + (n % 2 == 0 ? ["ex", "100000"] : []))
            #expect(reply == .simpleString("OK") || reply == .integer(1), "\(key): \(reply)")
        }

        let reshard = try ClusterNodes.cli([
            "--cluster", "reshard", cluster.addresses[0], "--cluster-from", source.id, "--cluster-to", target.id,
            "--cluster-slots", "100", "--cluster-yes",
        ])
        #expect(reshard.status == 0, "\(reshard.output)")
        #expect(
            try ClusterNodes.waitFor {
                let check = try ClusterNodes.cli(["--cluster", "check", cluster.addresses[2]])
                return check.status == 0 && check.output.contains("[OK] All nodes agree about slots configuration.")
                    && check.output.contains("[OK] All 16384 slots covered.")
            }, "redis-cli --cluster check never passed")

        // The moved slots: the target's view now, against the source's before.
        let after = cluster.nodesView(1)
        let owned = try #require(after.first { $0.port == cluster.port(1) })
        let moved = Set(Self.slots(owned.slots)).intersection(Self.slots(source.slots))
        #expect(moved.count == 100, "\(owned.slots)")

        try Self.expectReadable(cluster, keys)

        // The moved slots' keys are on the new owner, asked directly; the old one redirects.
        let onTarget = try cluster.connect(1)
        let onSource = try cluster.connect(0)
        var movedKeys = 0
        for key in keys where moved.contains(HashSlot.slot(for: key)) {
            movedKeys += 1
            #expect(try onTarget.send("exists", key) == .integer(1), "\(key) on the target")
            let slot = HashSlot.slot(for: key)
            #expect(
                try onSource.send("exists", key) == .error("MOVED \(slot) 127.0.0.1:\(cluster.port(1))"),
                "\(key) still on the source")
        }
        #expect(movedKeys > 50)
        for n in 0..<3 {
            let slot = String(try #require(moved.min()))
            let count = try cluster.connect(n).send("cluster", "countkeysinslot", slot).int ?? -1
            #expect(count == (n == 1 ? Int64(keys.filter { HashSlot.slot(for: $0) == Int(slot) }.count) : 0))
        }

        // rebalance moves slots with the same commands (1%: the 100 extra slots are over it).
        let rebalance = try ClusterNodes.cli([
            "--cluster", "rebalance", cluster.addresses[0], "--cluster-threshold", "1",
        ])
        #expect(rebalance.status == 0, "\(rebalance.output)")
        #expect(rebalance.output.contains("Moving"), "\(rebalance.output)")
        #expect(
            try ClusterNodes.waitFor {
                let check = try ClusterNodes.cli(["--cluster", "check", cluster.addresses[0]])
                return check.status == 0 && check.output.contains("[OK] All nodes agree about slots configuration.")
            }, "redis-cli --cluster check never passed after rebalance")
        try Self.expectReadable(cluster, keys)
    }

    /// Every key through redis-cli -c (which follows MOVED): value and TTL, as the test wrote them
    /// (even keys with a TTL, every fifth a hash without one).
    static func expectReadable(_ cluster: ClusterNodes, _ keys: [String]) throws {
        var script = ""
        for (n, key) in keys.enumerated() {
            script += n % 5 == 0 ? "HGET \(key) f\n" : "GET \(key)\n"
            script += "TTL \(key)\n"
        }
        let read = try ClusterNodes.cli(["-c", "-p", String(cluster.port(2))], input: script)
        // Interactive mode (stdin) announces each redirect on a line of its own.
        let lines = read.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-> Redirected") }
        #expect(lines.count == keys.count * 2, "\(read.output.prefix(2000))")
        for (n, key) in keys.enumerated() where 2 * n + 1 < lines.count {
            #expect(lines[2 * n] == "v\(n)", "\(key)")
            let ttl = Int(lines[2 * n + 1]) ?? -2
            if n % 2 == 0 && n % 5 != 0 {
                #expect(ttl > 0 && ttl <= 100_000, "\(key) ttl \(ttl)")
            } else {
                #expect(ttl == -1, "\(key) ttl \(ttl)")
            }
        }
    }

    /// "0-5460" and "7" as slot numbers (importing/migrating markers ignored).
    static func slots(_ fields: [String]) -> [Int] {
        fields.filter { !$0.hasPrefix("[") }.flatMap { field -> [Int] in
            let bounds = field.split(separator: "-").compactMap { Int($0) }
            guard let first = bounds.first else { return [] }
            return Array(first...(bounds.last ?? first))
        }
    }
}
