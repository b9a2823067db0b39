import RESP
import Testing

@testable import RedisServer

@Suite struct CommandCommandTests {
    static func bulk(_ s: String) -> RESPValue { .bulk(s) }

    /// The value of `key` in a RESP3 map or a RESP2 flat array of pairs.
    func field(_ value: RESPValue, _ key: String) -> RESPValue? {
        switch value {
        case .map(let pairs): return pairs.first { $0.key == .bulk(key) }?.value
        case .array(let items?):
            return stride(from: 0, to: items.count - 1, by: 2).first { items[$0] == .bulk(key) }.map { items[$0 + 1] }
        default: return nil
        }
    }

    func keys(_ value: RESPValue) -> [RESPValue] {
        switch value {
        case .map(let pairs): return pairs.map(\.key)
        case .array(let items?): return stride(from: 0, to: items.count, by: 2).map { items[$0] }
        default: return []
        }
    }

    @Test func countAndList() {
        let t = TestNode()
        #expect(t.run("COMMAND", "COUNT") == .integer(Int64(CommandTable.standard.commands.count)))
        guard case .array(let names?) = t.run("COMMAND", "LIST") else {
            Issue.record("COMMAND LIST is not an array")
            return
        }
        #expect(names.count == CommandTable.standard.allSpecs.count)
        #expect(names.contains(.bulk("command|getkeys")) && names.contains(.bulk("get")))
        #expect(t.run("COMMAND", "LIST", "FILTERBY", "PATTERN", "command|GETKEYS*")
            == .array([.bulk("command|getkeys"), .bulk("command|getkeysandflags")]))
        #expect(t.run("COMMAND", "LIST", "FILTERBY", "MODULE", "x") == .array([]))
        #expect(t.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch") == .array([]))
        guard case .array(let writes?) = t.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "write") else { return }
        #expect(writes.contains(.bulk("set")) && !writes.contains(.bulk("get")))
        #expect(t.run("COMMAND", "LIST", "FILTERBY", "NAME", "x") == .error("ERR syntax error"))
        #expect(t.run("COMMAND", "LIST", "FILTERBY") == .error("ERR syntax error"))
    }

    @Test func infoEntryShapeInResp2() {
        let t = TestNode()
        let reply = t.run("COMMAND", "INFO", "get", "nosuch")
        guard case .array(let entries?) = reply, entries.count == 2, case .array(let get?) = entries[0] else {
            Issue.record("unexpected \(reply)")
            return
        }
        #expect(entries[1] == .bulkString(nil))
        #expect(get.count == 10)
        #expect(Array(get[0...6]) == [
            .bulk("get"), .integer(2), .array([.simpleString("readonly"), .simpleString("fast")]),
            .integer(1), .integer(1), .integer(1),
            .array([.simpleString("@read"), .simpleString("@string"), .simpleString("@fast")]),
        ])
        #expect(get[7] == .array([]))
        let keySpec = RESPValue.array([
            .bulk("flags"), .array([.simpleString("RO"), .simpleString("access")]),
            .bulk("begin_search"), .array([.bulk("type"), .bulk("index"), .bulk("spec"), .array([.bulk("index"), .integer(1)])]),
            .bulk("find_keys"),
            .array([
                .bulk("type"), .bulk("range"), .bulk("spec"),
                .array([.bulk("lastkey"), .integer(0), .bulk("keystep"), .integer(1), .bulk("limit"), .integer(0)]),
            ]),
        ])
        #expect(get[8] == .array([keySpec]))
        #expect(get[9] == .array([]))
    }

    @Test func infoEntryShapeInResp3() {
        let t = TestNode()
        t.run("HELLO", "3")
        guard case .array(let entries?) = t.run("COMMAND", "INFO", "lmpop", "nosuch"), case .array(let lmpop?) = entries[0]
        else {
            Issue.record("COMMAND INFO is not an array of entries")
            return
        }
        #expect(entries[1] == .null)
        #expect(lmpop[2] == .set([.simpleString("write"), .simpleString("movablekeys")]))
        #expect(Array(lmpop[3...5]) == [.integer(0), .integer(0), .integer(0)])
        #expect(lmpop[6] == .set([.simpleString("@write"), .simpleString("@list"), .simpleString("@slow")]))
        #expect(lmpop[7] == .set([]))
        guard case .set(let specs) = lmpop[8], specs.count == 1 else {
            Issue.record("key specs are not a set of one: \(lmpop[8])")
            return
        }
        #expect(field(specs[0], "flags") == .set([.simpleString("RW"), .simpleString("access"), .simpleString("delete")]))
        let find = field(specs[0], "find_keys")
        #expect(find.flatMap { field($0, "type") } == .bulk("keynum"))
        #expect(
            find.flatMap { field($0, "spec") }
                == .map([
                    .init(.bulk("keynumidx"), .integer(0)), .init(.bulk("firstkey"), .integer(1)),
                    .init(.bulk("keystep"), .integer(1)),
                ]))
        #expect(lmpop[9] == .set([]))
    }

    @Test func containersListTheirSubcommands() {
        let t = TestNode()
        guard case .array(let entries?) = t.run("COMMAND", "INFO", "command"), case .array(let command?) = entries[0],
            case .array(let subs?) = command[9]
        else {
            Issue.record("COMMAND INFO command is malformed")
            return
        }
        #expect(command[1] == .integer(-1))
        #expect(command[6] == .array([.simpleString("@slow"), .simpleString("@connection")]))
        #expect(command[7] == .array([.bulk("nondeterministic_output_order")]))
        let names = subs.compactMap { sub -> RESPValue? in
            if case .array(let fields?) = sub { return fields[0] }
            return nil
        }
        #expect(names.contains(.bulk("command|docs")) && names.count == 7)
        #expect(t.run("COMMAND", "INFO", "COMMAND|GETKEYS") != .array([.bulkString(nil)]))
    }

    @Test func everythingWithoutArguments() {
        let t = TestNode()
        guard case .array(let all?) = t.run("COMMAND") else {
            Issue.record("COMMAND is not an array")
            return
        }
        #expect(all.count == CommandTable.standard.commands.count)
        #expect(t.run("COMMAND", "INFO") == .array(all))
        #expect(t.run("COMMAND", "NOSUCH") == .error("ERR unknown subcommand 'NOSUCH'. Try COMMAND HELP."))
    }

    @Test func docsOfSetInBothProtocols() {
        let t = TestNode()
        let resp2 = t.run("COMMAND", "DOCS", "SET", "nosuch")
        #expect(keys(resp2) == [.bulk("set")])
        t.run("HELLO", "3")
        let resp3 = t.run("COMMAND", "DOCS", "SET", "nosuch")
        guard case .map(let pairs) = resp3, pairs.count == 1 else {
            Issue.record("COMMAND DOCS is not a map of one in RESP3: \(resp3)")
            return
        }
        let set = pairs[0].value
        #expect(keys(set) == ["summary", "since", "group", "complexity", "history", "arguments"].map(Self.bulk))
        #expect(field(set, "since") == .bulk("1.0.0"))
        #expect(field(set, "group") == .bulk("string"))
        guard case .set(let history) = field(set, "history"), case .array(let first?) = history.first else {
            Issue.record("history is not a set of pairs")
            return
        }
        #expect(first[0] == .bulk("2.6.12"))
        guard case .array(let args?) = field(set, "arguments"), args.count == 5 else {
            Issue.record("SET should have five top-level arguments")
            return
        }
        #expect(keys(args[0]) == ["name", "type", "key_spec_index"].map(Self.bulk))
        #expect(field(args[2], "name") == .bulk("condition"))
        #expect(field(args[2], "type") == .bulk("oneof"))
        #expect(field(args[2], "flags") == .set([.simpleString("optional")]))
        guard case .array(let choices?) = field(args[2], "arguments") else { return }
        #expect(choices.map { field($0, "token") } == [.bulk("NX"), .bulk("XX")])
    }

    @Test func docsOfContainersAndDeprecatedCommands() {
        let t = TestNode()
        let client = t.run("COMMAND", "DOCS", "client")
        guard let doc = field(client, "client"), let subs = field(doc, "subcommands") else {
            Issue.record("CLIENT docs lack subcommands: \(client)")
            return
        }
        #expect(field(doc, "arguments") == nil)
        #expect(keys(subs).contains(.bulk("client|kill")))
        #expect(field(subs, "client|kill").flatMap { field($0, "group") } == .bulk("connection"))
        let getset = field(t.run("COMMAND", "DOCS", "getset"), "getset")
        #expect(getset.flatMap { field($0, "doc_flags") } == .array([.simpleString("deprecated")]))
        #expect(getset.flatMap { field($0, "deprecated_since") } == .bulk("6.2.0"))
        #expect(getset.flatMap { field($0, "replaced_by") } == .bulk("`SET` with the `!GET` argument"))
        guard case .array(let all?) = t.run("COMMAND", "DOCS") else { return }
        #expect(all.count == 2 * CommandTable.standard.commands.count)
    }

    @Test func getKeysForFixedAndMovableKeys() {
        let t = TestNode()
        #expect(t.run("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2") == .array([.bulk("a"), .bulk("b")]))
        #expect(t.run("COMMAND", "GETKEYS", "rename", "a", "b") == .array([.bulk("a"), .bulk("b")]))
        #expect(t.run("COMMAND", "GETKEYS", "blpop", "a", "b", "0") == .array([.bulk("a"), .bulk("b")]))
        #expect(t.run("COMMAND", "GETKEYS", "lmpop", "2", "a", "b", "LEFT") == .array([.bulk("a"), .bulk("b")]))
        #expect(t.run("COMMAND", "GETKEYS", "object", "encoding", "k") == .array([.bulk("k")]))
        #expect(t.run("COMMAND", "GETKEYS", "lmpop", "0", "a", "LEFT") == .error("ERR Invalid arguments specified for command"))
        #expect(t.run("COMMAND", "GETKEYS", "nosuch", "a") == .error("ERR Invalid command specified"))
        #expect(t.run("COMMAND", "GETKEYS", "object", "nosuch", "a") == .error("ERR Invalid command specified"))
        #expect(t.run("COMMAND", "GETKEYS", "ping", "a") == .error("ERR The command has no key arguments"))
        #expect(t.run("COMMAND", "GETKEYS", "subscribe", "a") == .error("ERR The command has no key arguments"))
        #expect(t.run("COMMAND", "GETKEYS", "get", "a", "b")
            == .error("ERR Invalid number of arguments specified for command"))
        #expect(t.run("COMMAND", "GETKEYS", "get") == .error("ERR wrong number of arguments for 'command|getkeys' command"))
    }

    @Test func getKeysAndFlags() {
        let t = TestNode()
        func flagged(_ key: String, _ flags: String...) -> RESPValue {
            .array([.bulk(key), .array(flags.map { .simpleString($0) })])
        }
        #expect(t.run("COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b")
            == .array([flagged("a", "RW", "access", "delete"), flagged("b", "OW", "update")]))
        // SET's flags depend on GET.
        #expect(t.run("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v") == .array([flagged("k", "OW", "update")]))
        #expect(t.run("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "get")
            == .array([flagged("k", "RW", "access", "update")]))
        t.run("HELLO", "3")
        #expect(t.run("COMMAND", "GETKEYSANDFLAGS", "get", "k")
            == .array([.array([.bulk("k"), .set([.simpleString("RO"), .simpleString("access")])])]))
    }

    @Test func help() {
        let t = TestNode()
        guard case .array(let lines?) = t.run("COMMAND", "HELP") else {
            Issue.record("COMMAND HELP is not an array")
            return
        }
        #expect(lines.first == .simpleString("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
        #expect(lines.contains(.simpleString("GETKEYSANDFLAGS <full-command>")))
        #expect(lines.last == .simpleString("    Prints this help."))
    }
}
