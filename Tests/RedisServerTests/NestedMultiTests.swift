import RESP
import Testing

/// Redis 7.0 runs a MULTI given inside a transaction (MULTI carries no no_multi flag) and
/// refuses it itself, without spoiling the transaction.
@Suite struct NestedMultiTests {
    @Test func nestedMultiIsRefusedButTheTransactionRuns() {
        let t = TestNode()
        #expect(t.run("MULTI") == .simpleString("OK"))
        #expect(t.run("MULTI") == .error("ERR MULTI calls can not be nested"))
        #expect(t.run("SET", "k", "v") == .simpleString("QUEUED"))
        #expect(t.run("EXEC") == .array([.simpleString("OK")]))
        #expect(t.run("GET", "k") == .bulk("v"))
    }
}
