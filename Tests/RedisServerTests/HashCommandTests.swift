import RESP
import Testing

@testable import RedisServer

@Suite struct HashCommandTests {
    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    /// Sorted bulk strings of an array, set or map reply (map pairs flattened).
    static func strings(_ v: RESPValue) -> [String] {
        if case .map(let pairs) = v { return pairs.flatMap { [$0.key.string ?? "", $0.value.string ?? ""] } }
        return (v.elements ?? []).map { $0.string ?? "" }
    }

    @Test func setAndGet() {
        let t = TestNode()
        #expect(t.run("HSET", "h", "a", "1", "b", "2") == .integer(2))
        #expect(t.run("HSET", "h", "a", "10", "c", "3") == .integer(1))
        #expect(t.run("HMSET", "h", "d", "4") == .simpleString("OK"))
        #expect(t.run("HSET", "h", "a") == .error("ERR wrong number of arguments for 'hset' command"))
        #expect(t.run("HMSET", "h", "a", "1", "b") == .error("ERR wrong number of arguments for 'hmset' command"))
        #expect(t.run("HGET", "h", "a") == .bulk("10"))
        #expect(t.run("HGET", "h", "zz") == .bulkString(nil))
        #expect(t.run("HGET", "nokey", "a") == .bulkString(nil))
        #expect(t.run("HMGET", "h", "a", "zz", "d") == .array([.bulk("10"), .bulkString(nil), .bulk("4")]))
        #expect(t.run("HMGET", "nokey", "a", "b") == .array([.bulkString(nil), .bulkString(nil)]))
        #expect(t.run("HLEN", "h") == .integer(4))
        #expect(t.run("HLEN", "nokey") == .integer(0))
        #expect(t.run("HSTRLEN", "h", "a") == .integer(2))
        #expect(t.run("HSTRLEN", "h", "zz") == .integer(0))
        #expect(t.run("HSTRLEN", "nokey", "a") == .integer(0))
        #expect(t.run("HEXISTS", "h", "a") == .integer(1))
        #expect(t.run("HEXISTS", "h", "zz") == .integer(0))
        #expect(t.run("HEXISTS", "nokey", "a") == .integer(0))
    }

    @Test func setnx() {
        let t = TestNode()
        #expect(t.run("HSETNX", "h", "f", "v") == .integer(1))
        #expect(t.run("HSETNX", "h", "f", "w") == .integer(0))
        #expect(t.run("HGET", "h", "f") == .bulk("v"))
        #expect(t.propagated("HSETNX", "h", "f", "x") == [])
        #expect(t.propagated("HSETNX", "h", "g", "x") == [["HSETNX", "h", "g", "x"]])
    }

    @Test func listingsInInsertionOrderWhileSmall() {
        let t = TestNode()
        t.run("HSET", "h", "b", "2", "a", "1", "c", "3")
        #expect(t.run("HKEYS", "h") == .array([.bulk("b"), .bulk("a"), .bulk("c")]))
        #expect(t.run("HVALS", "h") == .array([.bulk("2"), .bulk("1"), .bulk("3")]))
        #expect(
            t.run("HGETALL", "h") == .array([.bulk("b"), .bulk("2"), .bulk("a"), .bulk("1"), .bulk("c"), .bulk("3")]))
        #expect(t.run("HKEYS", "nokey") == .array([]))
        #expect(t.run("HGETALL", "nokey") == .array([]))
    }

    @Test func resp3Shapes() {
        let t = TestNode()
        t.run("HELLO", "3")
        t.run("HSET", "h", "a", "1", "b", "2")
        #expect(
            t.run("HGETALL", "h") == .map([.init(.bulk("a"), .bulk("1")), .init(.bulk("b"), .bulk("2"))]))
        #expect(t.run("HGETALL", "nokey") == .map([]))
        #expect(t.run("HKEYS", "h") == .array([.bulk("a"), .bulk("b")]))
        #expect(t.run("HVALS", "nokey") == .array([]))
        #expect(t.run("HGET", "h", "zz") == .null)
        #expect(t.run("HMGET", "h", "a", "zz") == .array([.bulk("1"), .null]))
        #expect(t.run("HRANDFIELD", "nokey") == .null)
        #expect(t.run("HRANDFIELD", "h", "-2", "WITHVALUES").elements?.allSatisfy { $0.elements?.count == 2 } == true)
        #expect(t.run("HRANDFIELD", "h", "5", "WITHVALUES") == .array([
            .array([.bulk("a"), .bulk("1")]), .array([.bulk("b"), .bulk("2")]),
        ]))
        #expect(t.run("HSCAN", "h", "0") == .array([.bulk("0"), .array([.bulk("a"), .bulk("1"), .bulk("b"), .bulk("2")])]))
    }

    @Test func deleteRemovesEmptyKey() {
        let t = TestNode()
        t.run("HSET", "h", "a", "1", "b", "2", "c", "3")
        #expect(t.run("HDEL", "h", "a", "zz", "a") == .integer(1))
        #expect(t.run("HDEL", "nokey", "a") == .integer(0))
        #expect(t.propagated("HDEL", "h", "zz") == [])
        #expect(t.run("HDEL", "h", "b", "c") == .integer(2))
        #expect(t.run("EXISTS", "h") == .integer(0))
    }

    @Test func wrongType() {
        let t = TestNode()
        t.run("SET", "s", "x")
        for args in [
            ["HSET", "s", "a", "1"], ["HSETNX", "s", "a", "1"], ["HMSET", "s", "a", "1"], ["HGET", "s", "a"],
            ["HMGET", "s", "a"], ["HDEL", "s", "a"], ["HLEN", "s"], ["HSTRLEN", "s", "a"], ["HEXISTS", "s", "a"],
            ["HKEYS", "s"], ["HVALS", "s"], ["HGETALL", "s"], ["HINCRBY", "s", "a", "1"],
            ["HINCRBYFLOAT", "s", "a", "1"], ["HRANDFIELD", "s"], ["HRANDFIELD", "s", "2"], ["HSCAN", "s", "0"],
        ] {
            #expect(t.run(args.map { Array($0.utf8) }) == Self.wrongType, "\(args)")
        }
        #expect(t.run("GET", "s") == .bulk("x"))
    }

    @Test func incrBy() {
        let t = TestNode()
        #expect(t.run("HINCRBY", "h", "n", "5") == .integer(5))
        #expect(t.run("HINCRBY", "h", "n", "-7") == .integer(-2))
        #expect(t.run("HINCRBY", "h", "n", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("HINCRBY", "h", "n", "1.5") == .error("ERR value is not an integer or out of range"))
        t.run("HSET", "h", "s", "abc", "sp", " 1", "max", "9223372036854775807", "min", "-9223372036854775808")
        #expect(t.run("HINCRBY", "h", "s", "1") == .error("ERR hash value is not an integer"))
        #expect(t.run("HINCRBY", "h", "sp", "1") == .error("ERR hash value is not an integer"))
        #expect(t.run("HINCRBY", "h", "max", "1") == .error("ERR increment or decrement would overflow"))
        #expect(t.run("HINCRBY", "h", "min", "-1") == .error("ERR increment or decrement would overflow"))
        #expect(t.run("HINCRBY", "h", "min", "1") == .integer(-9223372036854775807))
        // Errors before the key is looked at never create it.
        #expect(t.run("HINCRBY", "new", "f", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("EXISTS", "new") == .integer(0))
    }

    @Test func incrByFloat() {
        let t = TestNode()
        #expect(t.run("HINCRBYFLOAT", "h", "f", "10.5") == .bulk("10.5"))
        #expect(t.run("HINCRBYFLOAT", "h", "f", "0.1") == .bulk("10.6"))
        #expect(t.run("HINCRBYFLOAT", "h", "f", "-5.6") == .bulk("5"))
        #expect(t.run("HINCRBYFLOAT", "h", "g", "3.0e3") == .bulk("3000"))
        #expect(t.run("HINCRBYFLOAT", "h", "g", "0x10") == .bulk("3016"))
        #expect(t.run("HINCRBYFLOAT", "h", "f", "abc") == .error("ERR value is not a valid float"))
        #expect(t.run("HINCRBYFLOAT", "h", "f", " 1") == .error("ERR value is not a valid float"))
        #expect(t.run("HINCRBYFLOAT", "h", "f", "1e5000") == .error("ERR value is not a valid float"))
        #expect(t.run("HINCRBYFLOAT", "h", "f", "inf") == .error("ERR value is NaN or Infinity"))
        t.run("HSET", "h", "s", "abc")
        #expect(t.run("HINCRBYFLOAT", "h", "s", "1") == .error("ERR hash value is not a float"))
        #expect(t.run("HINCRBYFLOAT", "new", "f", "inf") == .error("ERR value is NaN or Infinity"))
        #expect(t.run("EXISTS", "new") == .integer(0))
    }

    @Test func incrByFloatOverflowIsAnError() {
        let t = TestNode()
        #if arch(x86_64) || arch(i386)
        // long double reaches ~1.19e4932: doubling 1e4932 is infinite.
        t.run("HSET", "h", "f", "1e4932")
        #expect(t.run("HINCRBYFLOAT", "h", "f", "1e4932") == .error("ERR increment would produce NaN or Infinity"))
        #else
        t.run("HSET", "h", "f", "1e308")
        #expect(t.run("HINCRBYFLOAT", "h", "f", "1e308") == .error("ERR increment would produce NaN or Infinity"))
        #endif
        #expect(t.run("HGET", "h", "f").string?.hasPrefix("1e") == true)
    }

    @Test func incrByFloatPropagatesTheResultAsHSET() {
        let t = TestNode()
        t.run("HSET", "h", "f", "1.5")
        #expect(t.propagated("HINCRBYFLOAT", "h", "f", "1") == [["HSET", "h", "f", "2.5"]])
        #expect(t.propagated("HINCRBYFLOAT", "h", "f", "x") == [])
        #expect(t.propagated("HINCRBY", "h", "n", "3") == [["HINCRBY", "h", "n", "3"]])
    }

    @Test func listpackConvertsOnEntryCount() {
        let t = TestNode()
        let fields = (0..<512).flatMap { ["f\($0)", "v"] }
        #expect(t.run((["HSET", "h"] + fields).map { Array($0.utf8) }) == .integer(512))
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("listpack"))
        #expect(t.run("HSET", "h", "f512", "v") == .integer(1))
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("hashtable"))
        // Never converts back, even when shrinking.
        t.run((["HDEL", "h"] + (0..<510).map { "f\($0)" }).map { Array($0.utf8) })
        #expect(t.run("HLEN", "h") == .integer(3))
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("hashtable"))
    }

    @Test func listpackConvertsOnLongStrings() {
        let t = TestNode()
        let v64 = String(repeating: "x", count: 64)
        let v65 = v64 + "x"
        t.run("HSET", "a", "f", v64)
        #expect(t.run("OBJECT", "ENCODING", "a") == .bulk("listpack"))
        t.run("HSET", "a", "g", v65)
        #expect(t.run("OBJECT", "ENCODING", "a") == .bulk("hashtable"))
        t.run("HSETNX", "b", v65, "1")
        #expect(t.run("OBJECT", "ENCODING", "b") == .bulk("hashtable"))
        t.run("HSET", "c", "f", "1")
        t.run("HSETNX", "c", "f", v65)  // exists: nothing set, nothing converted
        #expect(t.run("OBJECT", "ENCODING", "c") == .bulk("listpack"))
        t.run("HINCRBY", "d", v65, "1")
        #expect(t.run("OBJECT", "ENCODING", "d") == .bulk("hashtable"))
        t.run("HINCRBYFLOAT", "e", "f", "1e70")  // a 71-character result
        #expect(t.run("OBJECT", "ENCODING", "e") == .bulk("hashtable"))
    }

    @Test func listpackLimitsFollowConfig() {
        let t = TestNode { config in
            config.encoding.hashMaxListpackEntries = 2
            config.encoding.hashMaxListpackValue = 3
        }
        t.run("HSET", "h", "a", "1", "b", "2")
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("listpack"))
        t.run("HSET", "h", "c", "3")
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("hashtable"))
        t.run("HSET", "v", "a", "1234")
        #expect(t.run("OBJECT", "ENCODING", "v") == .bulk("hashtable"))
    }

    @Test func randomFieldArguments() {
        let t = TestNode()
        #expect(t.run("HRANDFIELD", "nokey") == .bulkString(nil))
        #expect(t.run("HRANDFIELD", "nokey", "5") == .array([]))
        #expect(t.run("HRANDFIELD", "nokey", "-5", "WITHVALUES") == .array([]))
        #expect(t.run("HRANDFIELD", "nokey", "x") == .error("ERR value is not an integer or out of range"))
        #expect(
            t.run("HRANDFIELD", "nokey", "-9223372036854775808")
                == .error(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"))
        #expect(t.run("HRANDFIELD", "nokey", "1", "WITHVALUE") == .error("ERR syntax error"))
        #expect(t.run("HRANDFIELD", "nokey", "1", "WITHVALUES", "x") == .error("ERR syntax error"))
        #expect(t.run("HRANDFIELD", "nokey", "x", "y", "z") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("HRANDFIELD", "nokey", "4611686018427387904", "WITHVALUES") == .error("ERR value is out of range"))
        #expect(t.run("HRANDFIELD", "nokey", "-4611686018427387904", "WITHVALUES") == .error("ERR value is out of range"))
        #expect(t.run("HRANDFIELD", "nokey", "4611686018427387903", "WITHVALUES") == .array([]))
    }

    @Test(arguments: [5, 600])
    func randomFieldCounts(size: Int) {
        let t = TestNode()
        t.run((["HSET", "h"] + (0..<size).flatMap { ["f\($0)", "v\($0)"] }).map { Array($0.utf8) })
        let all = Set((0..<size).map { "f\($0)" })
        #expect(all.contains(t.run("HRANDFIELD", "h").string ?? ""))
        #expect(t.run("HRANDFIELD", "h", "0") == .array([]))
        // Positive: distinct fields, at most the whole hash.
        for count in [1, 2, size / 2, size - 1, size, size + 10] {
            let got = Self.strings(t.run("HRANDFIELD", "h", String(count)))
            #expect(got.count == min(count, size))
            #expect(Set(got).count == got.count)
            #expect(Set(got).isSubset(of: all))
        }
        // Negative: exactly that many, repeats allowed.
        let repeated = Self.strings(t.run("HRANDFIELD", "h", String(-3 * size)))
        #expect(repeated.count == 3 * size)
        #expect(Set(repeated).isSubset(of: all))
        // WITHVALUES pairs each field with its own value (flat in RESP2).
        for count in [-7, 3, size + 1] {
            let flat = Self.strings(t.run("HRANDFIELD", "h", String(count), "WITHVALUES"))
            #expect(flat.count == 2 * (count < 0 ? -count : min(count, size)))
            for i in stride(from: 0, to: flat.count, by: 2) {
                #expect("v" + flat[i].dropFirst() == flat[i + 1])
            }
        }
    }

    @Test func scanSmallHashReturnsEverything() {
        let t = TestNode()
        t.run("HSET", "h", "a1", "1", "b1", "2", "a2", "3")
        #expect(
            t.run("HSCAN", "h", "0")
                == .array([.bulk("0"), .array(["a1", "1", "b1", "2", "a2", "3"].map { .bulk($0) })]))
        #expect(
            t.run("HSCAN", "h", "0", "MATCH", "a*", "COUNT", "1")
                == .array([.bulk("0"), .array(["a1", "1", "a2", "3"].map { .bulk($0) })]))
        #expect(t.run("HSCAN", "nokey", "0") == .array([.bulk("0"), .array([])]))
        // A missing key answers before the options are looked at.
        #expect(t.run("HSCAN", "nokey", "0", "bogus") == .array([.bulk("0"), .array([])]))
        #expect(t.run("HSCAN", "h", "0", "bogus") == .error("ERR syntax error"))
        #expect(t.run("HSCAN", "h", "0", "TYPE", "hash") == .error("ERR syntax error"))
        #expect(t.run("HSCAN", "h", "0", "COUNT", "0") == .error("ERR syntax error"))
        #expect(t.run("HSCAN", "h", "0", "COUNT", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("HSCAN", "h", "x") == .error("ERR invalid cursor"))
        #expect(t.run("HSCAN", "h", " 0") == .error("ERR invalid cursor"))
        #expect(t.run("HSCAN", "h", "18446744073709551616") == .error("ERR invalid cursor"))
        // strtoul accepts these.
        for cursor in ["-1", "+0", "", "18446744073709551615"] {
            #expect(t.run("HSCAN", "h", cursor).elements?.first == .bulk("0"))
        }
    }

    @Test func scanBigHashVisitsEveryField() {
        let t = TestNode()
        let size = 1000
        t.run((["HSET", "h"] + (0..<size).flatMap { ["f\($0)", "v\($0)"] }).map { Array($0.utf8) })
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("hashtable"))
        var seen: [String: String] = [:]
        var cursor = "0"
        var rounds = 0
        repeat {
            let reply = t.run("HSCAN", "h", cursor, "COUNT", "20").elements ?? []
            cursor = reply.first?.string ?? "0"
            let flat = (reply.last?.elements ?? []).map { $0.string ?? "" }
            #expect(flat.count % 2 == 0)
            for i in stride(from: 0, to: flat.count - 1, by: 2) { seen[flat[i]] = flat[i + 1] }
            rounds += 1
        } while cursor != "0" && rounds < 10_000
        #expect(rounds > 1)
        #expect(seen.count == size)
        #expect(seen.allSatisfy { "v" + $0.key.dropFirst() == $0.value })

        // MATCH filters fields, and their values go with them.
        var matched: [String] = []
        cursor = "0"
        repeat {
            let reply = t.run("HSCAN", "h", cursor, "MATCH", "f1*").elements ?? []
            cursor = reply.first?.string ?? "0"
            matched += (reply.last?.elements ?? []).map { $0.string ?? "" }
        } while cursor != "0"
        let fields = stride(from: 0, to: matched.count, by: 2).map { matched[$0] }
        #expect(Set(fields) == Set((0..<size).map { "f\($0)" }.filter { $0.hasPrefix("f1") }))
    }

    /// WATCH is invalidated exactly where Redis signals a modified key.
    @Test(arguments: [
        (["HSET", "h", "a", "1"], true),  // same value: still a write
        (["HSETNX", "h", "a", "2"], false),
        (["HSETNX", "h", "b", "2"], true),
        (["HDEL", "h", "zz"], false),
        (["HDEL", "h", "a"], true),
        (["HINCRBY", "h", "n", "0"], true),
        (["HINCRBY", "h", "a", "x"], false),
        (["HGETALL", "h"], false),
    ])
    func watch(command: [String], invalidates: Bool) {
        let t = TestNode()
        let other = t.connect()
        t.run("HSET", "h", "a", "1")
        t.run("WATCH", "h")
        t.run(command.map { Array($0.utf8) }, as: other)
        t.run("MULTI")
        t.run("PING")
        #expect(t.run("EXEC") == (invalidates ? .array(nil) : .array([.simpleString("PONG")])))
    }
}
