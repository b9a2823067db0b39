/// `field:value` lines of an INFO or CLUSTER INFO reply.
struct InfoFields {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
    }

    subscript(_ name: String) -> String? { fields[name] }
}
