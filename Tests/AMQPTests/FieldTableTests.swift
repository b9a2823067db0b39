import AMQP
import Testing

@Suite struct FieldTableTests {
    @Test func lookupsTakeTheFirstEntryAndAssignmentKeepsOrder() {
        var table = FieldTable([.init(name: "a", value: .int32(1)), .init(name: "b", value: .string("x"))])
        table["a"] = .int64(2)
        table["c"] = .boolean(true)
        table["b"] = nil
        #expect(table.entries.map(\.name) == ["a", "c"])
        #expect(table["a"]?.integerValue == 2)
        #expect(FieldValue.string("é").stringValue == "é")
        #expect(FieldValue.longString([0xff]).stringValue == nil)
    }
}
