import AMQP

extension FieldTable {
    /// rabbit_misc:sort_field_table: a stable sort by name, names compared as bytes. Binding
    /// arguments are stored this way (so `{a,b}` and `{b,a}` are one binding) and headers
    /// matching walks two sorted lists.
    public func sortedByName() -> FieldTable {
        FieldTable(entries.enumerated().sorted { lhs, rhs in
            let l = lhs.element.name.utf8, r = rhs.element.name.utf8
            if l.elementsEqual(r) { return lhs.offset < rhs.offset }
            return l.lexicographicallyPrecedes(r)
        }.map(\.element))
    }

    /// rabbit_misc:set_table_value: replace the first entry of that name (or append), then sort.
    public func settingSorted(_ name: String, _ value: FieldValue) -> FieldTable {
        var table = self
        if let index = table.entries.firstIndex(where: { $0.name == name }) {
            table.entries[index].value = value
        } else {
            table.entries.append(Entry(name: name, value: value))
        }
        return table.sortedByName()
    }
}
