@testable import Capture
import RESP
import Testing

struct ReplayRuleTests {
    @Test func redirectsAreParsed() {
        let moved = RESPRedirect(.error("MOVED 3999 127.0.0.1:6381"), answeringHost: "h")
        #expect(moved == RESPRedirect.init(.error("MOVED 3999 127.0.0.1:6381"), answeringHost: "x"))
        #expect(moved?.kind == .moved)
        #expect(moved?.slot == 3999)
        #expect(moved?.address == ReplayAddress(host: "127.0.0.1", port: 6381))
        #expect(RESPRedirect(.error("ASK 1 :7002"), answeringHost: "10.0.0.5")?.address == ReplayAddress(host: "10.0.0.5", port: 7002))
        #expect(RESPRedirect(.error("ASK 1 [::1]:7002"), answeringHost: "h")?.address == ReplayAddress(host: "::1", port: 7002))
        #expect(RESPRedirect(.error("MOVED 99999 h:1"), answeringHost: "h") == nil)
        #expect(RESPRedirect(.error("MOVED 1 h:0"), answeringHost: "h") == nil)
        #expect(RESPRedirect(.error("ERR MOVED"), answeringHost: "h") == nil)
        #expect(RESPRedirect(.simpleString("MOVED 1 h:1"), answeringHost: "h") == nil)
    }

    @Test func ignoreRulesPerProtocol() {
        let rules = ReplayIgnoreRules(["client setname", "GET", "header:X-Trace", "status", "message-count"])
        #expect(rules.ignoresRESP(name: "CLIENT", subcommand: "SETNAME"))
        #expect(rules.ignoresRESP(name: "GET", subcommand: nil))
        #expect(rules.ignoresRESP(name: "TIME", subcommand: nil))
        #expect(!rules.ignoresRESP(name: "SET", subcommand: nil))
        #expect(rules.ignoresHTTPHeader("x-trace"))
        #expect(rules.ignoresHTTPHeader("date"))
        #expect(rules.ignoresHTTPHeader("x-b3-traceid"))
        #expect(!rules.ignoresHTTPHeader("content-type"))
        #expect(rules.httpStatus && !rules.httpBody)
        #expect(rules.amqpFields.contains("message-count"))
        #expect(!ReplayIgnoreRules([], defaults: false).ignoresRESP(name: "TIME", subcommand: nil))
    }

    @Test func keyPositions() {
        func args(_ s: String...) -> [[UInt8]] { s.map { Array($0.utf8) } }
        #expect(RESPKeyPosition.firstKey(of: args("GET", "k"), name: "GET") == 1)
        #expect(RESPKeyPosition.firstKey(of: args("EVAL", "s", "1", "k"), name: "EVAL") == 3)
        #expect(RESPKeyPosition.firstKey(of: args("EVAL", "s", "0"), name: "EVAL") == nil)
        #expect(RESPKeyPosition.firstKey(of: args("XREAD", "COUNT", "1", "STREAMS", "s", "0"), name: "XREAD") == 4)
        #expect(RESPKeyPosition.firstKey(of: args("PING"), name: "PING") == nil)
        #expect(RESPKeyPosition.firstKey(of: args("GET"), name: "GET") == nil)
    }
}
