import Foundation
import Testing

/// A cluster of our nodes formed, checked and used with redis-cli, as an operator would.
@Suite(.serialized) struct ClusterFormationTests {
    @Test func threeMastersFormWithRedisCliAndServeRedirectedKeys() throws {
        let cluster = try ClusterNodes(count: 3)
        let create = try ClusterNodes.cli(["--cluster", "create"] + cluster.addresses + ["--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(create.output.contains("[OK] All 16384 slots covered."), "\(create.output)")
        #expect(
            try ClusterNodes.waitFor { try (0..<3).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } },
            "cluster_state never became ok")
        let check = try ClusterNodes.cli(["--cluster", "check", cluster.addresses[0]])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("[OK] All nodes agree about slots configuration."), "\(check.output)")

        // redis-cli -c follows MOVED: written through one node, read through another.
        for i in 0..<20 {
            let set = try ClusterNodes.cli(["-c", "-p", String(cluster.port(i % 3)), "set", "key:\(i)", "v\(i)"])
            #expect(set.output.trimmingCharacters(in: .whitespacesAndNewlines) == "OK", "\(set.output)")
        }
        for i in 0..<20 {
            let get = try ClusterNodes.cli(["-c", "-p", String(cluster.port((i + 1) % 3)), "get", "key:\(i)"])
            #expect(get.output.trimmingCharacters(in: .whitespacesAndNewlines) == "v\(i)", "\(get.output)")
        }
        // Without -c the node answers MOVED with the owner's address.
        let slot = try ClusterNodes.cli(["-p", String(cluster.port(0)), "cluster", "keyslot", "foo"])
        #expect(slot.output.trimmingCharacters(in: .whitespacesAndNewlines) == "12182")
        let moved = try (0..<3).map { try ClusterNodes.cli(["-p", String(cluster.port($0)), "get", "foo"]).output }
        #expect(moved.filter { $0.contains("MOVED 12182 127.0.0.1:") }.count == 2, "\(moved)")
        let cross = try ClusterNodes.cli(["-p", String(cluster.port(0)), "mget", "a", "b"]).output
        #expect(cross.contains("CROSSSLOT") || cross.contains("MOVED"), "\(cross)")

        // PUBLISH reaches subscribers on every node, over the bus.
        let subscriber = try cluster.connect(2)
        _ = try subscriber.send(["subscribe", "news"])
        let published = try ClusterNodes.cli(["-p", String(cluster.port(0)), "publish", "news", "hello"])
        #expect(published.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")  // none on node 0
        #expect(try subscriber.readValue() == .array([.bulk("message"), .bulk("news"), .bulk("hello")]))
    }
}
