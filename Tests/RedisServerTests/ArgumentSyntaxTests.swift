import Testing

@testable import RedisServer

@Suite struct ArgumentSyntaxTests {
    func parse(_ text: String) throws -> [DocArgument] { try ArgumentSyntax.parse(text) }

    @Test func plainArgumentsAndTypes() throws {
        let args = try parse("key:key value count:integer score:double pattern:pattern when:unix-time")
        #expect(args.map(\.name) == ["key", "value", "count", "score", "pattern", "when"])
        #expect(args.map(\.kind) == [.key, .string, .integer, .double, .pattern, .unixTime])
        #expect(args[0].keySpecIndex == 0)
        #expect(args[1...].allSatisfy { $0.keySpecIndex == nil && $0.flags.isEmpty && $0.token == nil })
    }

    @Test func tokensLabelTheFollowingArgumentOrStandAlone() throws {
        let args = try parse("[COUNT count:integer] [WITHSCORES] [sorting=ALPHA]")
        #expect(args.count == 3)
        #expect(args[0].name == "count" && args[0].kind == .integer && args[0].token == "COUNT")
        #expect(args[0].flags == .optional)
        #expect(args[1].name == "withscores" && args[1].kind == .pureToken && args[1].token == "WITHSCORES")
        #expect(args[2].name == "sorting" && args[2].kind == .pureToken && args[2].token == "ALPHA")
    }

    @Test func setIsBuiltAsRedisDescribesIt() throws {
        let args = try parse(
            "key:key value [condition=NX|XX]@2.6.12 [GET]@6.2.0 [expiration=EX seconds:integer@2.6.12|KEEPTTL@6.0.0]")
        #expect(args.map(\.name) == ["key", "value", "condition", "get", "expiration"])
        let condition = args[2]
        #expect(condition.kind == .oneof && condition.flags == .optional && condition.since == "2.6.12")
        #expect(condition.arguments.map(\.token) == ["NX", "XX"])
        #expect(condition.arguments.map(\.name) == ["nx", "xx"])
        #expect(condition.arguments.allSatisfy { $0.flags.isEmpty && $0.since == nil })
        #expect(args[3].since == "6.2.0" && args[3].flags == .optional)
        let expiration = args[4]
        #expect(expiration.since == nil)
        #expect(expiration.arguments[0].name == "seconds" && expiration.arguments[0].token == "EX")
        #expect(expiration.arguments[0].since == "2.6.12" && expiration.arguments[0].kind == .integer)
        #expect(expiration.arguments[1].kind == .pureToken && expiration.arguments[1].since == "6.0.0")
    }

    @Test func blocksAndRepetition() throws {
        let args = try parse(
            "(key_value=key:key value)... [offset_count=LIMIT offset:integer count:integer] [GET+ pattern:pattern#1...] [WEIGHTS weight:integer...]"
        )
        let pairs = args[0]
        #expect(pairs.kind == .block && pairs.flags == .multiple && pairs.token == nil)
        #expect(pairs.arguments.map(\.name) == ["key", "value"])
        #expect(pairs.arguments[0].keySpecIndex == 0)
        let limit = args[1]
        #expect(limit.kind == .block && limit.token == "LIMIT" && limit.flags == .optional)
        #expect(limit.arguments.map(\.name) == ["offset", "count"])
        #expect(args[2].flags == [.optional, .multiple, .multipleToken] && args[2].keySpecIndex == 1)
        #expect(args[3].flags == [.optional, .multiple] && args[3].token == "WEIGHTS")
    }

    @Test func bracesMakeSinglePartBlocks() throws {
        let args = try parse("{pattern=pattern:pattern}... [ID {id=client-id:integer...}]@6.2.0")
        #expect(args[0].kind == .block && args[0].flags == .multiple && args[0].arguments.count == 1)
        #expect(args[0].arguments[0].kind == .pattern && args[0].arguments[0].flags.isEmpty)
        #expect(args[1].kind == .block && args[1].token == "ID" && args[1].since == "6.2.0")
        #expect(args[1].arguments[0].flags == .multiple)
    }

    @Test func nestedGroupsQuotesAndDeprecation() throws {
        let args = try parse(
            """
            (filter='ip:port'!2.8.12|(new-format=[ID client-id:integer]|[SKIPME 'yes/no'])...) \
            (key_or_empty_string=key:key|empty_string="") [AGGREGATE (aggregate=SUM|MIN|MAX)]
            """)
        let filter = args[0]
        #expect(filter.kind == .oneof && filter.flags.isEmpty)
        #expect(filter.arguments[0].name == "ip:port" && filter.arguments[0].deprecatedSince == "2.8.12")
        let newFormat = filter.arguments[1]
        #expect(newFormat.kind == .oneof && newFormat.flags == .multiple)
        #expect(newFormat.arguments[1].name == "yes/no" && newFormat.arguments[1].token == "SKIPME")
        #expect(args[1].arguments[1].kind == .pureToken && args[1].arguments[1].token == "")
        #expect(args[1].arguments[0].keySpecIndex == 0)
        #expect(args[2].kind == .oneof && args[2].token == "AGGREGATE" && args[2].name == "aggregate")
    }

    @Test func keysAreNumberedInOrderAfterExplicitIndices() throws {
        let lcs = try parse("key1:key key2:key#0 [MINMATCHLEN len:integer]")
        #expect(lcs.compactMap(\.keySpecIndex) == [0, 0])
        let sort = try parse("key:key [BY pattern:pattern#1] [STORE destination:key]")
        #expect(sort.compactMap(\.keySpecIndex) == [0, 1, 2])
    }

    @Test(arguments: [
        "[NX|XX]",  // a oneof needs a name
        "[LIMIT offset count]",  // a block needs a name
        "key:number",  // unknown type
        "[COUNT count",  // unclosed
        "count]",  // stray bracket
        "key@",  // since without a version
        "{x}",  // braces need a name
    ])
    func rejectsMalformedSyntax(_ text: String) {
        #expect(throws: ArgumentSyntax.Error.self) { try ArgumentSyntax.parse(text) }
    }
}
