import RESP
import Testing

@testable import RedisServer

@Suite struct SetCommandTests {
    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    static func strings(_ v: RESPValue) -> [String] { (v.elements ?? []).map { $0.string ?? "" } }
    static func bulks(_ items: [String]) -> [RESPValue] { items.map { .bulk($0) } }
    static func args(_ items: [String]) -> [[UInt8]] { items.map { Array($0.utf8) } }

    @Test func addRemoveAndMembership() {
        let t = TestNode()
        #expect(t.run("SADD", "s", "3", "1", "2", "1") == .integer(3))
        #expect(t.run("SADD", "s", "2", "4") == .integer(1))
        #expect(t.propagated("SADD", "s", "1") == [])
        #expect(t.run("SMEMBERS", "s") == .array(Self.bulks(["1", "2", "3", "4"])))
        #expect(t.run("SCARD", "s") == .integer(4))
        #expect(t.run("SCARD", "nokey") == .integer(0))
        #expect(t.run("SISMEMBER", "s", "3") == .integer(1))
        #expect(t.run("SISMEMBER", "s", "03") == .integer(0))
        #expect(t.run("SISMEMBER", "nokey", "3") == .integer(0))
        #expect(t.run("SMISMEMBER", "s", "1", "9", "4") == .array([.integer(1), .integer(0), .integer(1)]))
        #expect(t.run("SMISMEMBER", "nokey", "1", "2") == .array([.integer(0), .integer(0)]))
        #expect(t.run("SREM", "s", "1", "9", "1") == .integer(1))
        #expect(t.run("SREM", "nokey", "1") == .integer(0))
        #expect(t.propagated("SREM", "s", "9") == [])
        #expect(t.run("SREM", "s", "2", "3", "4") == .integer(3))
        #expect(t.run("EXISTS", "s") == .integer(0))
        #expect(t.run("SMEMBERS", "s") == .array([]))
    }

    @Test func resp3Shapes() {
        let t = TestNode()
        t.run("HELLO", "3")
        t.run("SADD", "a", "1", "2", "3")
        t.run("SADD", "b", "2", "3", "4")
        #expect(t.run("SMEMBERS", "a") == .set(Self.bulks(["1", "2", "3"])))
        #expect(t.run("SMEMBERS", "nokey") == .set([]))
        #expect(t.run("SINTER", "a", "b") == .set(Self.bulks(["2", "3"])))
        #expect(t.run("SINTER", "a", "nokey") == .set([]))
        #expect(t.run("SUNION", "a", "b") == .set(Self.bulks(["1", "2", "3", "4"])))
        #expect(t.run("SDIFF", "a", "b") == .set(Self.bulks(["1"])))
        #expect(t.run("SDIFF", "nokey", "b") == .set([]))
        #expect(t.run("SRANDMEMBER", "a", "5") == .array(Self.bulks(["1", "2", "3"])))
        #expect(t.run("SRANDMEMBER", "nokey") == .null)
        #expect(t.run("SPOP", "nokey") == .null)
        #expect(t.run("SPOP", "nokey", "2") == .set([]))
        #expect(t.run("SPOP", "a", "0") == .set([]))
        #expect(t.run("SPOP", "a", "1").elements?.count == 1)
        if case .set(let all) = t.run("SPOP", "a", "10") { #expect(all.count == 2) } else { Issue.record("not a set") }
        #expect(t.run("SSCAN", "b", "0") == .array([.bulk("0"), .array(Self.bulks(["2", "3", "4"]))]))
    }

    @Test func wrongType() {
        let t = TestNode()
        t.run("SET", "str", "x")
        t.run("SADD", "a", "1")
        for args in [
            ["SADD", "str", "a"], ["SREM", "str", "a"], ["SCARD", "str"], ["SISMEMBER", "str", "a"],
            ["SMISMEMBER", "str", "a"], ["SMEMBERS", "str"], ["SRANDMEMBER", "str"], ["SRANDMEMBER", "str", "2"],
            ["SPOP", "str"], ["SPOP", "str", "2"], ["SINTER", "a", "str"], ["SINTER", "nokey", "str"],
            ["SINTERCARD", "2", "a", "str"], ["SINTERSTORE", "d", "a", "str"], ["SUNION", "a", "str"],
            ["SUNIONSTORE", "d", "str"], ["SDIFF", "nokey", "str"], ["SDIFFSTORE", "d", "a", "str"],
            ["SMOVE", "str", "a", "1"], ["SMOVE", "a", "str", "1"], ["SSCAN", "str", "0"],
        ] {
            #expect(t.run(Self.args(args)) == Self.wrongType, "\(args)")
        }
        // A missing SMOVE source answers 0 before the destination's type is checked.
        #expect(t.run("SMOVE", "nokey", "str", "1") == .integer(0))
        // The STORE forms overwrite a destination of any type.
        #expect(t.run("SUNIONSTORE", "str", "a") == .integer(1))
        #expect(t.run("TYPE", "str") == .simpleString("set"))
    }

    @Test func intsetEncoding() {
        let t = TestNode()
        t.run(Self.args(["SADD", "i"] + (0..<512).map(String.init)))
        #expect(t.run("OBJECT", "ENCODING", "i") == .bulk("intset"))
        t.run("SADD", "i", "512")
        #expect(t.run("OBJECT", "ENCODING", "i") == .bulk("hashtable"))
        t.run(Self.args(["SREM", "i"] + (10..<513).map(String.init)))
        #expect(t.run("OBJECT", "ENCODING", "i") == .bulk("hashtable"))
        // Only canonical 64-bit integers stay in an intset.
        for (key, member) in [("a", "007"), ("b", "+1"), ("c", "9223372036854775808"), ("d", "x"), ("e", "1.0")] {
            t.run("SADD", key, "1", member)
            #expect(t.run("OBJECT", "ENCODING", key) == .bulk("hashtable"), "\(member)")
        }
        t.run("SADD", "f", "-9223372036854775808", "9223372036854775807")
        #expect(t.run("OBJECT", "ENCODING", "f") == .bulk("intset"))
        #expect(t.run("SMEMBERS", "f") == .array(Self.bulks(["-9223372036854775808", "9223372036854775807"])))
    }

    @Test func intsetLimitFollowsConfig() {
        let t = TestNode { $0.encoding.setMaxIntsetEntries = 2 }
        t.run("SADD", "s", "1", "2")
        #expect(t.run("OBJECT", "ENCODING", "s") == .bulk("intset"))
        t.run("SADD", "s", "3")
        #expect(t.run("OBJECT", "ENCODING", "s") == .bulk("hashtable"))
    }

    @Test func intersection() {
        let t = TestNode()
        t.run("SADD", "a", "1", "2", "3", "4", "5")
        t.run("SADD", "b", "3", "4", "5", "6", "7")
        t.run("SADD", "c", "4", "5", "x")
        #expect(t.run("SINTER", "a", "b") == .array(Self.bulks(["3", "4", "5"])))
        #expect(Set(Self.strings(t.run("SINTER", "a", "b", "c"))) == ["4", "5"])
        #expect(t.run("SINTER", "a", "a") == .array(Self.bulks(["1", "2", "3", "4", "5"])))
        #expect(t.run("SINTER", "a", "nokey", "b") == .array([]))
        #expect(t.run("SINTERCARD", "2", "a", "b") == .integer(3))
        #expect(t.run("SINTERCARD", "3", "a", "b", "c") == .integer(2))
        #expect(t.run("SINTERCARD", "2", "a", "b", "LIMIT", "2") == .integer(2))
        #expect(t.run("SINTERCARD", "2", "a", "b", "limit", "0") == .integer(3))
        #expect(t.run("SINTERCARD", "1", "nokey") == .integer(0))
        #expect(t.run("SINTERCARD", "2", "a", "b", "LIMIT", "-1") == .error("ERR LIMIT can't be negative"))
        #expect(t.run("SINTERCARD", "2", "a", "b", "LIMIT", "x") == .error("ERR LIMIT can't be negative"))
        #expect(t.run("SINTERCARD", "2", "a", "b", "LIMIT") == .error("ERR syntax error"))
        #expect(t.run("SINTERCARD", "2", "a", "b", "FOO", "1") == .error("ERR syntax error"))
        #expect(t.run("SINTERCARD", "0", "a") == .error("ERR numkeys should be greater than 0"))
        #expect(t.run("SINTERCARD", "x", "a") == .error("ERR numkeys should be greater than 0"))
        #expect(
            t.run("SINTERCARD", "3", "a", "b") == .error("ERR Number of keys can't be greater than number of args"))

        #expect(t.run("SINTERSTORE", "d", "a", "b") == .integer(3))
        #expect(t.run("SMEMBERS", "d") == .array(Self.bulks(["3", "4", "5"])))
        #expect(t.run("OBJECT", "ENCODING", "d") == .bulk("intset"))
        // The result's encoding is chosen afresh: integers from a hashtable set make an intset.
        #expect(t.run("SINTERSTORE", "d", "c", "a") == .integer(2))
        #expect(t.run("OBJECT", "ENCODING", "d") == .bulk("intset"))
        t.run("EXPIRE", "d", "100")
        #expect(t.run("SINTERSTORE", "d", "a", "b") == .integer(3))
        #expect(t.run("TTL", "d") == .integer(-1))
        #expect(t.propagated("SINTERSTORE", "d", "a", "nokey") == [["SINTERSTORE", "d", "a", "nokey"]])
        #expect(t.run("EXISTS", "d") == .integer(0))
        #expect(t.propagated("SINTERSTORE", "d", "a", "nokey") == [])
    }

    @Test func unionAndDifference() {
        let t = TestNode()
        t.run("SADD", "a", "1", "2", "3", "4", "5")
        t.run("SADD", "b", "3", "4", "5", "6", "7")
        t.run("SADD", "c", "4", "5", "x")
        #expect(t.run("SUNION", "b", "a") == .array(Self.bulks(["1", "2", "3", "4", "5", "6", "7"])))
        #expect(Set(Self.strings(t.run("SUNION", "a", "c", "nokey"))) == ["1", "2", "3", "4", "5", "x"])
        #expect(t.run("SUNION", "nokey") == .array([]))
        #expect(t.run("SDIFF", "a", "b") == .array(Self.bulks(["1", "2"])))
        #expect(t.run("SDIFF", "a", "b", "c") == .array(Self.bulks(["1", "2"])))
        #expect(t.run("SDIFF", "a", "nokey") == .array(Self.bulks(["1", "2", "3", "4", "5"])))
        #expect(t.run("SDIFF", "c", "a") == .array(Self.bulks(["x"])))
        #expect(t.run("SDIFF", "a", "b", "a") == .array([]))
        #expect(t.run("SDIFF", "nokey", "a") == .array([]))

        #expect(t.run("SUNIONSTORE", "u", "a", "b", "c") == .integer(8))
        #expect(t.run("OBJECT", "ENCODING", "u") == .bulk("hashtable"))
        #expect(t.run("SUNIONSTORE", "u", "a", "b") == .integer(7))
        #expect(t.run("OBJECT", "ENCODING", "u") == .bulk("intset"))
        #expect(t.run("SDIFFSTORE", "df", "a", "b") == .integer(2))
        #expect(t.run("SMEMBERS", "df") == .array(Self.bulks(["1", "2"])))
        #expect(t.run("SDIFFSTORE", "df", "a", "a") == .integer(0))
        #expect(t.run("EXISTS", "df") == .integer(0))
        #expect(t.run("SUNIONSTORE", "u", "nokey") == .integer(0))
        #expect(t.run("EXISTS", "u") == .integer(0))
    }

    @Test func move() {
        let t = TestNode()
        t.run("SADD", "a", "1", "2", "3")
        t.run("SADD", "b", "3")
        #expect(t.run("SMOVE", "nokey", "a", "1") == .integer(0))
        #expect(t.run("SMOVE", "a", "a", "1") == .integer(1))
        #expect(t.run("SMOVE", "a", "a", "9") == .integer(0))
        #expect(t.run("SMOVE", "a", "b", "9") == .integer(0))
        #expect(t.run("SMOVE", "a", "b", "1") == .integer(1))
        #expect(t.run("SMEMBERS", "b") == .array(Self.bulks(["1", "3"])))
        // Already in the destination: removed from the source only.
        #expect(t.run("SMOVE", "a", "b", "3") == .integer(1))
        #expect(t.run("SMEMBERS", "a") == .array(Self.bulks(["2"])))
        #expect(t.run("SMOVE", "a", "new", "2") == .integer(1))
        #expect(t.run("EXISTS", "a") == .integer(0))
        #expect(t.run("SMEMBERS", "new") == .array(Self.bulks(["2"])))
        #expect(t.run("OBJECT", "ENCODING", "new") == .bulk("intset"))
        t.run("SADD", "s", "x")
        #expect(t.run("SMOVE", "s", "new", "x") == .integer(1))
        #expect(t.run("OBJECT", "ENCODING", "new") == .bulk("hashtable"))
        #expect(t.propagated("SMOVE", "new", "new", "x") == [])
    }

    @Test func randomMemberArguments() {
        let t = TestNode()
        #expect(t.run("SRANDMEMBER", "nokey") == .bulkString(nil))
        #expect(t.run("SRANDMEMBER", "nokey", "3") == .array([]))
        #expect(t.run("SRANDMEMBER", "nokey", "x") == .error("ERR value is not an integer or out of range"))
        #expect(
            t.run("SRANDMEMBER", "nokey", "-9223372036854775808")
                == .error(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"))
        #expect(t.run("SRANDMEMBER", "nokey", "1", "2") == .error("ERR syntax error"))
        t.run("SADD", "s", "x")
        #expect(t.run("SRANDMEMBER", "s", "0") == .array([]))
        #expect(t.run("SRANDMEMBER", "s", "-3") == .array(Self.bulks(["x", "x", "x"])))
    }

    @Test(arguments: [5, 100, 600])
    func randomMemberCounts(size: Int) {
        let t = TestNode()
        t.run(Self.args(["SADD", "s"] + (0..<size).map { "m\($0)" }))
        let all = Set((0..<size).map { "m\($0)" })
        #expect(all.contains(t.run("SRANDMEMBER", "s").string ?? ""))
        for count in [1, 2, size / 4, size / 2, size - 1, size, size + 10] {
            let got = Self.strings(t.run("SRANDMEMBER", "s", String(count)))
            #expect(got.count == min(count, size))
            #expect(Set(got).count == got.count)
            #expect(Set(got).isSubset(of: all))
        }
        let repeated = Self.strings(t.run("SRANDMEMBER", "s", String(-2 * size)))
        #expect(repeated.count == 2 * size)
        #expect(Set(repeated).isSubset(of: all))
        #expect(t.run("SCARD", "s") == .integer(Int64(size)))
    }

    @Test func popArguments() {
        let t = TestNode()
        #expect(t.run("SPOP", "nokey") == .bulkString(nil))
        #expect(t.run("SPOP", "nokey", "3") == .array([]))
        #expect(t.run("SPOP", "nokey", "-1") == .error("ERR value is out of range, must be positive"))
        #expect(t.run("SPOP", "nokey", "x") == .error("ERR value is out of range, must be positive"))
        #expect(t.run("SPOP", "nokey", "1", "2") == .error("ERR syntax error"))
        t.run("SADD", "s", "x")
        #expect(t.propagated("SPOP", "s", "0") == [])
        #expect(t.propagated("SPOP", "s") == [["SREM", "s", "x"]])
        #expect(t.run("EXISTS", "s") == .integer(0))
        #expect(t.propagated("SPOP", "s") == [])
    }

    /// Every strategy: a few of many, most of the set, all of it.
    @Test(arguments: [(20, 3), (20, 18), (600, 10), (600, 590), (7, 7), (7, 100)])
    func popWithCount(size: Int, count: Int) {
        let t = TestNode()
        t.run(Self.args(["SADD", "s"] + (0..<size).map(String.init)))
        let before = Set((0..<size).map(String.init))
        let popped = Self.strings(t.run("SPOP", "s", String(count)))
        #expect(popped.count == min(count, size))
        #expect(Set(popped).count == popped.count)
        #expect(Set(popped).isSubset(of: before))
        let left = Set(Self.strings(t.run("SMEMBERS", "s")))
        #expect(left.union(popped) == before)
        #expect(left.isDisjoint(with: popped))
        #expect(t.run("EXISTS", "s") == .integer(left.isEmpty ? 0 : 1))
    }

    @Test func popWithCountPropagation() {
        let t = TestNode()
        t.run(Self.args(["SADD", "s"] + (0..<10).map(String.init)))
        let one = t.propagated("SPOP", "s", "1")
        #expect(one.count == 1 && one[0].count == 3 && one[0][0] == "SREM")
        // Several members: SREMs wrapped in MULTI/EXEC.
        let three = t.propagated("SPOP", "s", "3")
        #expect(three.count == 5)
        #expect(three.first == ["MULTI"] && three.last == ["EXEC"])
        #expect(three.dropFirst().dropLast().allSatisfy { $0.count == 3 && $0[0] == "SREM" && $0[1] == "s" })
        // Most of the set: still one SREM per popped member.
        let most = t.propagated("SPOP", "s", "5")
        #expect(most.count == 7)
        // The whole set: a DEL.
        #expect(t.propagated("SPOP", "s", "100") == [["DEL", "s"]])
        #expect(t.run("EXISTS", "s") == .integer(0))
    }

    @Test func popMostOfABigSetReencodesIt() {
        let t = TestNode()
        t.run(Self.args(["SADD", "s"] + (0..<600).map(String.init)))
        #expect(t.run("OBJECT", "ENCODING", "s") == .bulk("hashtable"))
        t.run("SPOP", "s", "550")
        #expect(t.run("SCARD", "s") == .integer(50))
        #expect(t.run("OBJECT", "ENCODING", "s") == .bulk("intset"))
        // Popping a few keeps the set as it is.
        t.run(Self.args(["SADD", "k"] + (0..<600).map(String.init)))
        t.run("SPOP", "k", "100")
        #expect(t.run("OBJECT", "ENCODING", "k") == .bulk("hashtable"))
    }

    @Test func popWholeSetKeepsTTLFree() {
        let t = TestNode()
        t.run("SADD", "s", "3", "1", "2")
        t.run("EXPIRE", "s", "100")
        t.run("SPOP", "s", "1")
        #expect(t.run("TTL", "s") == .integer(100))
        t.run("SADD", "s", "9")
        #expect(t.run("SPOP", "s", "3").elements?.count == 3)
        #expect(t.run("EXISTS", "s") == .integer(0))
    }

    @Test func scanSmallSet() {
        let t = TestNode()
        t.run("SADD", "s", "3", "1", "22")
        #expect(t.run("SSCAN", "s", "0") == .array([.bulk("0"), .array(Self.bulks(["1", "3", "22"]))]))
        #expect(t.run("SSCAN", "s", "0", "MATCH", "2*") == .array([.bulk("0"), .array(Self.bulks(["22"]))]))
        #expect(t.run("SSCAN", "nokey", "0", "bogus") == .array([.bulk("0"), .array([])]))
        #expect(t.run("SSCAN", "s", "0", "TYPE", "set") == .error("ERR syntax error"))
        #expect(t.run("SSCAN", "s", "abc") == .error("ERR invalid cursor"))
    }

    @Test(arguments: ["m", ""])
    func scanBigSetVisitsEveryMember(prefix: String) {
        let t = TestNode()
        let members = (0..<2000).map { "\(prefix)\($0)" }
        t.run(Self.args(["SADD", "s"] + members))
        #expect(t.run("OBJECT", "ENCODING", "s") == .bulk("hashtable"))
        var seen = Set<String>()
        var cursor = "0"
        var rounds = 0
        repeat {
            let reply = t.run("SSCAN", "s", cursor).elements ?? []
            cursor = reply.first?.string ?? "0"
            seen.formUnion(Self.strings(reply.last ?? .array([])))
            rounds += 1
        } while cursor != "0" && rounds < 10_000
        #expect(rounds > 10)
        #expect(seen == Set(members))
    }

    @Test func scanSurvivesGrowthInBetween() {
        let t = TestNode()
        t.run(Self.args(["SADD", "s"] + (0..<600).map { "a\($0)" }))
        var seen = Set<String>()
        var cursor = "0"
        var rounds = 0
        repeat {
            let reply = t.run("SSCAN", "s", cursor, "COUNT", "50").elements ?? []
            cursor = reply.first?.string ?? "0"
            seen.formUnion(Self.strings(reply.last ?? .array([])))
            if rounds == 2 { t.run(Self.args(["SADD", "s"] + (0..<3000).map { "b\($0)" })) }
            rounds += 1
        } while cursor != "0" && rounds < 10_000
        // Members present for the whole scan are all returned.
        #expect(Set((0..<600).map { "a\($0)" }).isSubset(of: seen))
    }

    /// WATCH is invalidated exactly where Redis signals a modified key.
    @Test(arguments: [
        (["SADD", "s", "1"], false),
        (["SADD", "s", "9"], true),
        (["SREM", "s", "9"], false),
        (["SREM", "s", "1"], true),
        (["SPOP", "s", "0"], false),
        (["SPOP", "s", "1"], true),
        (["SMOVE", "s", "s", "1"], false),
        (["SMOVE", "s", "d", "9"], false),
        (["SMOVE", "d", "s", "1"], false),  // only the source changed: s already had it
        (["SMOVE", "s", "d", "2"], true),
        (["SINTERSTORE", "s", "s", "nokey"], true),
        (["SUNIONSTORE", "x", "s"], false),
    ])
    func watch(command: [String], invalidates: Bool) {
        let t = TestNode()
        let other = t.connect()
        t.run("SADD", "s", "1", "2")
        t.run("SADD", "d", "1")
        t.run("WATCH", "s")
        t.run(command.map { Array($0.utf8) }, as: other)
        t.run("MULTI")
        t.run("PING")
        #expect(t.run("EXEC") == (invalidates ? .array(nil) : .array([.simpleString("PONG")])))
    }
}
