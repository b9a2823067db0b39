import Foundation
import NIOCore
import RESP
import Testing

@testable import RedisServer

/// The cluster and replication documentation (ClusterDocs, ReplicationDocs) as COMMAND DOCS
/// replies it, against what redis-server 7.0.15 replies (`Fixtures/command-docs`, captured
/// by its make-fixtures.sh), in RESP2 and RESP3. The commands themselves are not in the
/// node's table yet, so the node here runs a table of stand-ins: COMMAND DOCS itself, and
/// every command those files document, with its group and its documented subcommands.
@Suite struct ClusterDocsTests {
    /// What the fixtures asked for: every top-level command of the two files.
    static let names = [
        "cluster", "readonly", "readwrite", "asking", "replicaof", "slaveof", "psync", "sync", "replconf", "wait",
        "role", "failover",
    ]

    static func group(_ name: String) -> CommandGroup {
        switch name {
        case "cluster", "readonly", "readwrite", "asking": .cluster
        case "wait": .generic
        default: .server
        }
    }

    /// Fresh specs only: building a table renumbers the specs it holds, and the standard
    /// table's belong to other tests.
    static func table() -> CommandTable {
        let entries = ClusterDocs.entries + ReplicationDocs.entries
        let none: CommandHandler = { _ in }
        var specs = [
            CommandSpec(
                container: "command", group: .server,
                subcommands: [CommandSpec("docs", arity: -2, group: .server, handler: IntrospectionCommands.docs)])
        ]
        for entry in entries where !entry.name.contains("|") {
            let subcommands = entries.filter { $0.name.hasPrefix(entry.name + "|") }.map {
                CommandSpec(String($0.name.dropFirst(entry.name.count + 1)), arity: -2, group: group(entry.name), handler: none)
            }
            specs.append(
                subcommands.isEmpty
                    ? CommandSpec(entry.name, arity: -1, group: group(entry.name), handler: none)
                    : CommandSpec(container: entry.name, group: group(entry.name), subcommands: subcommands))
        }
        return CommandTable(specs)
    }

    static func fixture(_ name: String) throws -> RESPValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/command-docs/\(name)")
        let data = try #require(
            FileManager.default.contents(atPath: url.path),
            "missing \(url.path) (regenerate with Fixtures/command-docs/make-fixtures.sh)")
        var buffer = ByteBuffer(bytes: data)
        let value = try #require(try RESPValueParser().parse(&buffer))
        #expect(buffer.readableBytes == 0)
        return value
    }

    /// The pairs of a RESP3 map or of a RESP2 flat array.
    static func pairs(_ value: RESPValue?) -> [RESPValue.Pair]? {
        switch value {
        case .map(let pairs): return pairs
        case .array(let items?) where items.count % 2 == 0:
            return stride(from: 0, to: items.count, by: 2).map { RESPValue.Pair(items[$0], items[$0 + 1]) }
        default: return nil
        }
    }

    /// Field by field, in order; subcommands as a map, since Redis lists them in its
    /// dict's (seeded, so run-dependent) order.
    func compare(_ ours: RESPValue?, _ theirs: RESPValue, _ name: String) {
        guard let mine = Self.pairs(ours), let reference = Self.pairs(theirs) else {
            Issue.record("\(name): \(String(describing: ours)) is not a map like \(theirs)")
            return
        }
        #expect(mine.map(\.key) == reference.map(\.key), "\(name): fields")
        for field in reference {
            let value = mine.first { $0.key == field.key }?.value
            let fieldName = "\(name) \(field.key.string ?? "?")"
            if field.key == .bulk("subcommands"), let subcommands = Self.pairs(field.value) {
                let ourSubcommands = Self.pairs(value) ?? []
                #expect(
                    ourSubcommands.map { $0.key.string ?? "?" }.sorted() == subcommands.map { $0.key.string ?? "?" }.sorted(),
                    "\(fieldName)")
                for sub in subcommands {
                    compare(ourSubcommands.first { $0.key == sub.key }?.value, sub.value, sub.key.string ?? "?")
                }
            } else {
                #expect(value == field.value, "\(fieldName)")
            }
        }
    }

    @Test(arguments: ["2", "3"])
    func docsMatchRedis(protocol version: String) throws {
        let theirs = try Self.fixture("cluster-replication.resp\(version)")
        let t = TestNode(commands: Self.table())
        if version == "3" { t.client.reply.version = .v3 }
        let ours = t.run((["COMMAND", "DOCS"] + Self.names).map { Array($0.utf8) })
        if version == "3" {
            guard case .map = ours, case .map = theirs else {
                Issue.record("RESP3 COMMAND DOCS is not a map: \(ours)")
                return
            }
        }
        let mine = try #require(Self.pairs(ours))
        let reference = try #require(Self.pairs(theirs))
        #expect(mine.map(\.key) == reference.map(\.key))
        for command in reference {
            compare(mine.first { $0.key == command.key }?.value, command.value, command.key.string ?? "?")
        }
    }

    @Test func fixturesCoverEveryEntry() {
        let documented = (ClusterDocs.entries + ReplicationDocs.entries).map(\.name).filter { !$0.contains("|") }
        #expect(documented.sorted() == Self.names.sorted())
    }

    /// PSYNC and SYNC are the commands Redis documents no complexity for.
    @Test func complexityMayBeUndocumented() {
        #expect(CommandDocs.lookup("psync")?.complexity == nil)
        #expect(CommandDocs.lookup("sync")?.complexity == nil)
        #expect(CommandDocs.lookup("replconf")?.complexity == "O(1)")
        #expect(CommandDocs.lookup("replconf")?.docFlags == ["syscmd"])
        #expect(CommandDocs.lookup("wait")?.tips == ["request_policy:all_shards", "response_policy:agg_min"])
    }
}
