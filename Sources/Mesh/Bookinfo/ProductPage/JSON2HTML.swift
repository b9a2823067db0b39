/// json2html 1.2.1's `convert` (clubbing on, escaping on) over JSON productpage dumped from a
/// Python 2.7 dict — so objects come in CPython 2.7 dict order: an object is a two-column
/// table, a list of objects with the same keys one table with a header row, another list a
/// `<ul>`, strings escaped with cgi.escape.
struct JSON2HTML {
    var tableAttributes: String

    func convert(_ value: BookinfoJSON) -> String {
        node(value)
    }

    private var tableOpen: String { "<table \(tableAttributes)>" }

    private func node(_ value: BookinfoJSON) -> String {
        switch value {
        case .string(let text): return Self.cgiEscape(text)
        case .object(let members): return object(members)
        case .array(let elements): return list(elements)
        default: return JinjaValue.raw(value)
        }
    }

    private func ordered(_ members: [BookinfoJSON.Member]) -> [BookinfoJSON.Member] {
        let values = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        return PythonDictOrder.iterationOrder(of: members.map(\.key)).compactMap { key in values[key].map { .init(key, $0) } }
    }

    private func object(_ members: [BookinfoJSON.Member]) -> String {
        guard !members.isEmpty else { return "" }
        let rows = ordered(members).map { "<th>\(Self.cgiEscape($0.key))</th><td>\(node($0.value))</td>" }
        return tableOpen + "<tr>" + rows.joined(separator: "</tr><tr>") + "</tr></table>"
    }

    private func list(_ elements: [BookinfoJSON]) -> String {
        guard !elements.isEmpty else { return "" }
        if let headers = clubbedHeaders(elements) {
            var out = tableOpen + "<tr><th>" + headers.joined(separator: "</th><th>") + "</th></tr>"
            for element in elements {
                out += "<tr><td>" + headers.map { element[$0].map(node) ?? "" }.joined(separator: "</td><td>") + "</td></tr>"
            }
            return out + "</table>"
        }
        return "<ul><li>" + elements.map(node).joined(separator: "</li><li>") + "</li></ul>"
    }

    /// The first object's keys, when every element is an object with exactly those keys.
    private func clubbedHeaders(_ elements: [BookinfoJSON]) -> [String]? {
        guard case .object(let first)? = elements.first else { return nil }
        let headers = ordered(first).map(\.key)
        for element in elements {
            guard case .object(let members) = element, Set(members.map(\.key)) == Set(headers) else { return nil }
        }
        return headers
    }

    /// Python 2's cgi.escape without quote: & < > only.
    static func cgiEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
