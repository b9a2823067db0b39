import RESP
import Testing

@testable import RedisServer

/// CLIENT ID, SETNAME, GETNAME, INFO, LIST and KILL (UNBLOCK is with the blocking lists).
@Suite struct ClientCommandTests {
    static func lines(_ v: RESPValue) -> [String] {
        (v.string ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The value of `field=` in a CLIENT LIST / INFO line.
    static func field(_ line: String, _ name: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    @Test func idIsPerConnectionAndIncreasing() {
        let t = TestNode()
        let other = t.connect()
        #expect(t.run("CLIENT", "ID") == .integer(Int64(t.client.id)))
        #expect(t.run("CLIENT", "ID", as: other) == .integer(Int64(other.id)))
        #expect(other.id > t.client.id)
        #expect(t.run("CLIENT", "ID", "x") == .error("ERR wrong number of arguments for 'client|id' command"))
    }

    @Test func names() {
        let t = TestNode()
        let invalid = RESPValue.error("ERR Client names cannot contain spaces, newlines or special characters.")
        #expect(t.run("CLIENT", "GETNAME") == .bulkString(nil))
        #expect(t.run("CLIENT", "SETNAME", "foo") == .simpleString("OK"))
        #expect(t.run("CLIENT", "GETNAME") == .bulk("foo"))
        #expect(t.run("CLIENT", "SETNAME", "a b") == invalid)
        #expect(t.run("CLIENT", "SETNAME", "a\nb") == invalid)
        #expect(t.run("CLIENT", "SETNAME", "é") == invalid)
        #expect(t.run("CLIENT", "GETNAME") == .bulk("foo"))
        // An empty name removes it.
        #expect(t.run("CLIENT", "SETNAME", "") == .simpleString("OK"))
        #expect(t.run("CLIENT", "GETNAME") == .bulkString(nil))
        #expect(t.run("CLIENT", "SETNAME") == .error("ERR wrong number of arguments for 'client|setname' command"))
        #expect(t.run("CLIENT", "GETNAME", "x") == .error("ERR wrong number of arguments for 'client|getname' command"))
    }

    @Test func containerErrors() {
        let t = TestNode()
        #expect(t.run("CLIENT") == .error("ERR wrong number of arguments for 'client' command"))
        #expect(t.run("CLIENT", "FOO") == .error("ERR unknown subcommand 'FOO'. Try CLIENT HELP."))
        #expect(t.run("CLIENT", "INFO", "x") == .error("ERR wrong number of arguments for 'client|info' command"))
    }

    @Test func infoDescribesTheCaller() {
        let t = TestNode()
        t.run("CLIENT", "SETNAME", "me")
        t.run("SELECT", "4")
        let text = t.run("CLIENT", "INFO").string ?? ""
        #expect(text.hasSuffix("\n"))
        let line = String(text.dropLast())
        #expect(Self.field(line, "id") == String(t.client.id))
        #expect(Self.field(line, "name") == "me")
        #expect(Self.field(line, "db") == "4")
        #expect(Self.field(line, "flags") == "N")
        #expect(Self.field(line, "cmd") == "client|info")
        #expect(Self.field(line, "resp") == "2")
        #expect(Self.field(line, "user") == "default")
        let names = line.split(separator: " ").map { String($0.prefix { $0 != "=" }) }
        #expect(
            names == [
                "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi",
                "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events",
                "cmd", "user", "redir", "resp",
            ])
    }

    @Test func infoFlagsAndCounters() {
        let t = TestNode()
        let other = t.connect()
        // Inside MULTI, CLIENT INFO would be queued: ask from another connection.
        t.run("MULTI")
        t.run("PING")
        let inMulti = Self.lines(t.run("CLIENT", "LIST", "ID", String(t.client.id), as: other))[0]
        #expect(Self.field(inMulti, "flags") == "x")
        #expect(Self.field(inMulti, "multi") == "1")
        t.run("DISCARD")
        t.run("SUBSCRIBE", "a", "b", as: other)
        t.run("PSUBSCRIBE", "p*", as: other)
        t.run("SSUBSCRIBE", "s", as: other)
        let line = Self.lines(t.run("CLIENT", "LIST", "ID", String(other.id)))[0]
        #expect(Self.field(line, "flags") == "P")
        #expect(Self.field(line, "sub") == "2")
        #expect(Self.field(line, "psub") == "1")
        #expect(Self.field(line, "ssub") == "1")
        t.resp3()
        #expect(Self.field(Self.lines(t.run("CLIENT", "INFO"))[0], "resp") == "3")
    }

    @Test func listFilters() {
        let t = TestNode()
        let a = t.connect()
        let b = t.connect()
        t.run("SUBSCRIBE", "x", as: b)
        let all = Self.lines(t.run("CLIENT", "LIST"))
        #expect(all.last == "")
        #expect(all.count == 4)
        let ids = all.dropLast().compactMap { Self.field($0, "id") }
        #expect(ids == [t.client.id, a.id, b.id].map(String.init))
        // By id: in argument order, repeats included, unknown ids skipped.
        let byID = Self.lines(t.run("CLIENT", "LIST", "ID", String(b.id), "99999", String(a.id), String(b.id)))
        #expect(byID.dropLast().compactMap { Self.field($0, "id") } == [b.id, a.id, b.id].map(String.init))
        #expect(t.run("CLIENT", "LIST", "ID", "0") == .bulk(""))
        #expect(t.run("CLIENT", "LIST", "ID", "-1") == .bulk(""))
        #expect(t.run("CLIENT", "LIST", "ID", "x") == .error("ERR Invalid client ID"))
        let pubsub = Self.lines(t.run("CLIENT", "LIST", "TYPE", "pubsub"))
        #expect(pubsub.dropLast().compactMap { Self.field($0, "id") } == [String(b.id)])
        #expect(Self.lines(t.run("CLIENT", "LIST", "TYPE", "normal")).count == 3)
        #expect(t.run("CLIENT", "LIST", "TYPE", "master") == .bulk(""))
        #expect(t.run("CLIENT", "LIST", "TYPE", "replica") == .bulk(""))
        #expect(t.run("CLIENT", "LIST", "TYPE", "slave") == .bulk(""))
        #expect(t.run("CLIENT", "LIST", "TYPE", "foo") == .error("ERR Unknown client type 'foo'"))
        #expect(t.run("CLIENT", "LIST", "TYPE") == .error("ERR syntax error"))
        #expect(t.run("CLIENT", "LIST", "FOO") == .error("ERR syntax error"))
    }

    @Test func killByFilters() {
        let t = TestNode()
        let a = t.connect()
        let b = t.connect()
        t.run("SUBSCRIBE", "x", as: b)
        #expect(t.run("CLIENT", "KILL", "ID", String(a.id)) == .integer(1))
        #expect(a.closing)
        #expect(t.run("CLIENT", "KILL", "TYPE", "pubsub") == .integer(1))
        #expect(b.closing)
        #expect(t.run("CLIENT", "KILL", "ID", "99999") == .integer(0))
        // SKIPME (yes by default) protects the caller, which closes after its reply otherwise.
        #expect(t.run("CLIENT", "KILL", "ID", String(t.client.id)) == .integer(0))
        #expect(t.run("CLIENT", "KILL", "ID", String(t.client.id), "SKIPME", "no") == .integer(1))
        #expect(t.client.closeAfterReply)
    }

    @Test func killErrors() {
        let t = TestNode()
        #expect(t.run("CLIENT", "KILL", "1.2.3.4:5") == .error("ERR No such client"))
        #expect(t.run("CLIENT", "KILL", "ID") == .error("ERR No such client"))
        #expect(t.run("CLIENT", "KILL", "ID", "x") == .error("ERR client-id should be greater than 0"))
        #expect(t.run("CLIENT", "KILL", "ID", "0") == .error("ERR client-id should be greater than 0"))
        #expect(t.run("CLIENT", "KILL", "TYPE", "foo") == .error("ERR Unknown client type 'foo'"))
        #expect(t.run("CLIENT", "KILL", "USER", "nobody") == .error("ERR No such user 'nobody'"))
        #expect(t.run("CLIENT", "KILL", "SKIPME", "maybe") == .error("ERR syntax error"))
        #expect(t.run("CLIENT", "KILL", "FOO", "bar") == .error("ERR syntax error"))
        #expect(t.run("CLIENT", "KILL", "USER", "default", "SKIPME", "yes") == .integer(0))
        #expect(t.run("CLIENT", "KILL") == .error("ERR wrong number of arguments for 'client|kill' command"))
    }
}
