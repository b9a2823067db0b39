import RESP
import Testing

@testable import RedisServer

/// ZRANDMEMBER and ZSCAN.
@Suite struct SortedSetRandomScanTests {
    static func node(_ n: Int, key: String = "z") -> TestNode {
        let t = TestNode()
        t.run((["ZADD", key] + (0..<n).flatMap { [String($0), "m\($0)"] }).map { Array($0.utf8) })
        return t
    }

    static func strings(_ v: RESPValue) -> [String] { v.elements?.compactMap(\.string) ?? [] }

    @Test func singleMember() {
        let t = Self.node(5)
        let reply = t.run("ZRANDMEMBER", "z")
        #expect(reply.string.map { $0.hasPrefix("m") } == true)
        #expect(t.run("ZRANDMEMBER", "nokey") == .bulkString(nil))
        #expect(t.run("ZRANDMEMBER", "nokey", "3") == .array([]))
        #expect(t.run("ZRANDMEMBER", "z", "0") == .array([]))
        t.resp3()
        #expect(t.run("ZRANDMEMBER", "nokey") == .null)
    }

    @Test func uniqueCounts() {
        for size in [5, 40, 300] {
            let t = Self.node(size)
            // Asking for more than there is returns the whole set, highest first.
            #expect(Self.strings(t.run("ZRANDMEMBER", "z", String(size + 1))) == (0..<size).reversed().map { "m\($0)" })
            for count in [2, size / 3, size - 1] where count > 1 {
                let got = Self.strings(t.run("ZRANDMEMBER", "z", String(count)))
                #expect(got.count == count)
                #expect(Set(got).count == count)
            }
        }
        // A listpack sampled sparsely keeps the set's order (lpRandomPairsUnique).
        let t = Self.node(100)
        let got = Self.strings(t.run("ZRANDMEMBER", "z", "10")).map { Int($0.dropFirst())! }
        #expect(got == got.sorted())
    }

    @Test func negativeCountsRepeat() {
        let t = Self.node(2)
        let got = Self.strings(t.run("ZRANDMEMBER", "z", "-50"))
        #expect(got.count == 50)
        #expect(Set(got) == ["m0", "m1"])
    }

    @Test func withScoresShapes() {
        let t = Self.node(3)
        let flat = Self.strings(t.run("ZRANDMEMBER", "z", "-4", "WITHSCORES"))
        #expect(flat.count == 8)
        for i in stride(from: 0, to: 8, by: 2) { #expect("m" + flat[i + 1] == flat[i]) }
        #expect(t.run("ZRANDMEMBER", "z", "5", "WITHSCORES") == bulks("m2", "2", "m1", "1", "m0", "0"))
        t.resp3()
        #expect(t.run("ZRANDMEMBER", "z", "3", "WITHSCORES") == .array([pair("m2", 2), pair("m1", 1), pair("m0", 0)]))
        let one = t.run("ZRANDMEMBER", "z", "-1", "WITHSCORES").elements
        #expect(one?.count == 1)
        #expect(one?.first?.elements?.count == 2)
    }

    @Test func errors() {
        let t = Self.node(3)
        #expect(t.run("ZRANDMEMBER", "z", "x") == .error("ERR value is not an integer or out of range"))
        #expect(
            t.run("ZRANDMEMBER", "z", "-9223372036854775808")
                == .error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"))
        #expect(t.run("ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES") == .error("ERR value is out of range"))
        #expect(t.run("ZRANDMEMBER", "z", "1", "FOO") == .error("ERR syntax error"))
        #expect(t.run("ZRANDMEMBER", "z", "1", "WITHSCORES", "x") == .error("ERR syntax error"))
    }

    @Test func scanListpack() {
        let t = TestNode()
        t.run("ZADD", "z", "1", "a", "0.1", "b", "1e17", "c", "inf", "d", "1e20", "e")
        // A listpack is returned whole, with scores as it stores them.
        #expect(
            t.run("ZSCAN", "z", "0")
                == .array([.bulk("0"), bulks("b", "0.10000000000000001", "a", "1", "c", "100000000000000000", "e", "1e+20", "d", "inf")]))
        #expect(t.run("ZSCAN", "z", "0", "MATCH", "[ab]") == .array([.bulk("0"), bulks("b", "0.10000000000000001", "a", "1")]))
        #expect(t.run("ZSCAN", "nokey", "0", "COUNT", "0") == .array([.bulk("0"), .array([])]))
        #expect(t.run("ZSCAN", "z", "0", "COUNT", "0") == .error("ERR syntax error"))
        #expect(t.run("ZSCAN", "z", "x") == .error("ERR invalid cursor"))
    }

    @Test func scanSkiplistVisitsEverything() {
        let t = Self.node(1000)
        t.run("ZADD", "z", "1e17", "big")
        var cursor = "0"
        var seen: [String: String] = [:]
        var calls = 0
        repeat {
            let reply = t.run("ZSCAN", "z", cursor, "COUNT", "50").elements!
            cursor = reply[0].string!
            let items = Self.strings(reply[1])
            #expect(items.count % 2 == 0)
            for i in stride(from: 0, to: items.count, by: 2) { seen[items[i]] = items[i + 1] }
            calls += 1
        } while cursor != "0"
        #expect(seen.count == 1001)
        #expect(seen["m999"] == "999")
        // A skiplist prints scores with %.17g.
        #expect(seen["big"] == "1e+17")
        #expect(calls > 5)
        let matched = Self.strings(t.run("ZSCAN", "z", "0", "MATCH", "nomatch*", "COUNT", "2000").elements![1])
        #expect(matched.isEmpty)
    }
}
