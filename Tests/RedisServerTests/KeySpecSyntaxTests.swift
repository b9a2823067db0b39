import Testing

@testable import RedisServer

@Suite struct KeySpecSyntaxTests {
    func spec(_ text: String, _ args: String, index: Int = 0, first: Int = 1) throws -> KeySpec {
        try KeySpecSyntax.parse(text, index: index, arguments: try ArgumentSyntax.parse(args), firstPosition: first)
    }

    @Test func flagsInRedisOrder() throws {
        let s = try spec("update access RW variable_flags", "key:key value")
        #expect(s.flags.names == ["RW", "access", "update", "variable_flags"])
        #expect(s.notes == nil)
    }

    @Test func derivesSingleKeysAndRuns() throws {
        #expect(try spec("RO", "key:key field").begin == .index(1))
        #expect(try spec("RO", "key:key field").find == .range(lastKey: 0, step: 1, limit: 0))
        let rename = "key:key newkey:key"
        #expect(try spec("OW update", rename, index: 1).begin == .index(2))
        let lcs = try spec("RO access", "key1:key key2:key#0 [LEN]")
        #expect(lcs.begin == .index(1) && lcs.find == .range(lastKey: 1, step: 1, limit: 0))
        let objectEncoding = try spec("RO", "key:key", first: 2)
        #expect(objectEncoding.begin == .index(2))
    }

    @Test func derivesRepeatedKeys() throws {
        #expect(try spec("RM delete", "key:key...").find == .range(lastKey: -1, step: 1, limit: 0))
        let blpop = try spec("RW access delete", "key:key... timeout:double")
        #expect(blpop.begin == .index(1) && blpop.find == .range(lastKey: -2, step: 1, limit: 0))
        let mset = try spec("OW update", "(key_value=key:key value)...")
        #expect(mset.find == .range(lastKey: -1, step: 2, limit: 0))
        let store = try spec("RO access", "destination:key key:key...", index: 1)
        #expect(store.begin == .index(2) && store.find == .range(lastKey: -1, step: 1, limit: 0))
    }

    @Test func derivesCountedKeys() throws {
        let zunionstore = "destination:key numkeys:integer key:key... [WEIGHTS weight:integer...]"
        let inputs = try spec("RO access", zunionstore, index: 1)
        #expect(inputs.begin == .index(2))
        #expect(inputs.find == .keynum(numkeysIndex: 0, firstKey: 1, step: 1))
        let blmpop = try spec("RW access delete", "timeout:double numkeys:integer key:key... (where=LEFT|RIGHT)")
        #expect(blmpop.begin == .index(2))
    }

    @Test func explicitGeometryAndNotes() throws {
        let migrate = try spec(
            "RW access delete incomplete keyword=KEYS,-2 range=-1,1,0 -- keys after KEYS", "host [KEYS key:key...]")
        #expect(migrate.begin == .keyword("KEYS", startFrom: -2))
        #expect(migrate.find == .range(lastKey: -1, step: 1, limit: 0))
        #expect(migrate.notes == "keys after KEYS")
        let sort = try spec("OW update unknown", "key:key [STORE destination:key]")
        #expect(sort.begin == .unknown && sort.find == .unknown)
        let channel = try spec("not_key index=1 keynum=0,1,1", "numkeys:integer channel...")
        #expect(channel.find == .keynum(numkeysIndex: 0, firstKey: 1, step: 1))
    }

    @Test(arguments: [
        ("RO", "[STORE destination:key]"),  // optional key: position unknown
        ("RO", "[COUNT count:integer] key:key"),  // after an optional argument
        ("RO", "value"),  // no argument names spec 0
        ("RO index=1", "key:key"),  // half the geometry
        ("RO bogus", "key:key"),  // unknown flag
        ("RO range=1,2", "key:key"),  // malformed geometry
    ])
    func rejectsWhatCannotBeTold(_ text: String, _ args: String) {
        #expect(throws: KeySpecSyntax.Error.self) { try spec(text, args) }
    }
}
