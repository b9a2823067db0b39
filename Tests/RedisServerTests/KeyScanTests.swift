import RESP
import Testing

@testable import RedisServer

/// SCAN: a full cursor walk returns every key, MATCH/COUNT/TYPE filter, errors are Redis's.
@Suite struct KeyScanTests {
    /// Walks SCAN from 0 back to 0, returning every key seen (with repeats) and the number
    /// of calls it took.
    static func walk(_ t: TestNode, _ options: [String] = [], between: (Int) -> Void = { _ in }) -> ([String], Int) {
        var cursor = "0"
        var seen: [String] = []
        var calls = 0
        repeat {
            let reply = t.run((["SCAN", cursor] + options).map { Array($0.utf8) })
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].string else {
                Issue.record("bad SCAN reply \(reply)")
                return (seen, calls)
            }
            cursor = next
            seen += (parts[1].elements ?? []).map { $0.string ?? "?" }
            between(calls)
            calls += 1
        } while cursor != "0" && calls < 100_000
        return (seen, calls)
    }

    @Test func aFullWalkReturnsEveryKey() {
        let t = TestNode()
        let keys = (0..<5000).map { "key:\($0)" }
        for chunk in stride(from: 0, to: keys.count, by: 500) {
            t.run((["MSET"] + keys[chunk..<chunk + 500].flatMap { [$0, "v"] }).map { Array($0.utf8) })
        }
        let (seen, calls) = Self.walk(t)
        #expect(Set(seen) == Set(keys))
        // COUNT 10 by default: many calls, each returning a handful.
        #expect(calls > 100)
        let (bigSteps, fewer) = Self.walk(t, ["COUNT", "1000"])
        #expect(Set(bigSteps) == Set(keys))
        #expect(fewer < calls)
    }

    @Test func keysPresentThroughoutAreReturnedDespiteGrowth() {
        let t = TestNode()
        let keys = (0..<300).map { "old:\($0)" }
        for key in keys { t.run("SET", key, "1") }
        // The table grows past two resizes while the walk is under way.
        let (seen, _) = Self.walk(t, ["COUNT", "7"]) { step in
            guard step < 20 else { return }
            for i in 0..<50 { t.run("SET", "new:\(step):\(i)", "1") }
        }
        #expect(Set(keys).isSubset(of: Set(seen)))
    }

    @Test func keysPresentThroughoutAreReturnedDespiteDeletions() {
        let t = TestNode()
        for i in 0..<1000 { t.run("SET", "gone:\(i)", "1") }
        let kept = (0..<100).map { "kept:\($0)" }
        for key in kept { t.run("SET", key, "1") }
        var next = 0
        let (seen, _) = Self.walk(t, ["COUNT", "5"]) { _ in
            for _ in 0..<50 where next < 1000 {
                t.run("DEL", "gone:\(next)")
                next += 1
            }
        }
        #expect(Set(kept).isSubset(of: Set(seen)))
    }

    @Test func matchCountAndType() {
        let t = TestNode()
        t.run("MSET", "a", "1", "b", "2")
        t.run("RPUSH", "l", "x")
        t.run("HSET", "h", "f", "v")
        #expect(Set(Self.walk(t, ["COUNT", "1000"]).0) == ["a", "b", "l", "h"])
        #expect(Self.walk(t, ["MATCH", "a", "COUNT", "1000"]).0 == ["a"])
        #expect(Self.walk(t, ["TYPE", "list"]).0 == ["l"])
        #expect(Self.walk(t, ["TYPE", "hash"]).0 == ["h"])
        #expect(Set(Self.walk(t, ["TYPE", "STRING"]).0) == ["a", "b"])
        #expect(Self.walk(t, ["TYPE", "string", "COUNT", "1000", "MATCH", "b"]).0 == ["b"])
        #expect(Self.walk(t, ["TYPE", "nosuchtype"]).0 == [])
        #expect(Set(Self.walk(t, ["MATCH", "*"]).0) == ["a", "b", "l", "h"])
        #expect(Self.walk(t, ["MATCH", "[lh]", "TYPE", "list"]).0 == ["l"])
    }

    @Test func smallKeyspacesFinishInOneCall() {
        let t = TestNode()
        t.run("MSET", "a", "1", "b", "2", "c", "3")
        let reply = t.run("SCAN", "0")
        #expect(reply.elements?.first == .bulk("0"))
        #expect(Set((reply.elements?.last?.elements ?? []).compactMap(\.string)) == ["a", "b", "c"])
        #expect(t.run("SCAN", "0", "MATCH", "zz*") == .array([.bulk("0"), .array([])]))
        #expect(TestNode().run("SCAN", "0") == .array([.bulk("0"), .array([])]))
    }

    @Test func expiredKeysAreSkippedAndDeleted() {
        let t = TestNode()
        t.run("SET", "gone", "1", "PX", "10")
        t.run("SET", "kept", "1")
        t.advance(milliseconds: 10)
        #expect(Self.walk(t).0 == ["kept"])
        #expect(t.run("DBSIZE") == .integer(1))
    }

    @Test func cursorParsing() {
        let t = TestNode()
        t.run("SET", "a", "1")
        let invalid = RESPValue.error("ERR invalid cursor")
        #expect(t.run("SCAN", "x") == invalid)
        #expect(t.run("SCAN", "18446744073709551616") == invalid)
        #expect(t.run("SCAN", " 1") == invalid)
        #expect(t.run("SCAN", "1.5") == invalid)
        // strtoul: an empty cursor is 0, and -1 wraps to the largest cursor.
        #expect(t.run("SCAN", "") == .array([.bulk("0"), bulks("a")]))
        #expect(t.run("SCAN", "-1").elements?.first == .bulk("0"))
        #expect(t.run("SCAN", "18446744073709551615").elements?.first == .bulk("0"))
    }

    @Test func optionErrors() {
        let t = TestNode()
        #expect(t.run("SCAN", "0", "COUNT", "0") == .error("ERR syntax error"))
        #expect(t.run("SCAN", "0", "COUNT", "-1") == .error("ERR syntax error"))
        #expect(t.run("SCAN", "0", "COUNT", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("SCAN", "0", "COUNT") == .error("ERR syntax error"))
        #expect(t.run("SCAN", "0", "MATCH") == .error("ERR syntax error"))
        #expect(t.run("SCAN", "0", "TYPE") == .error("ERR syntax error"))
        #expect(t.run("SCAN", "0", "FOO", "bar") == .error("ERR syntax error"))
        #expect(t.run("SCAN") == .error("ERR wrong number of arguments for 'scan' command"))
    }
}
