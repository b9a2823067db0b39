/// Rules for node names, which end up in namespace and history names.
enum NodeNameRules {
    /// Non-empty, distinct, letters, digits, `-` and `_` only, at most 32 characters.
    static func validate(_ names: [String]) throws {
        guard !names.isEmpty else { throw NetworkError.invalid("no nodes to place") }
        var seen: Set<String> = []
        for name in names {
            guard !name.isEmpty, name.count <= 32,
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
            else {
                throw NetworkError.invalid("node name \"\(name)\" must be 1-32 letters, digits, - or _")
            }
            guard seen.insert(name).inserted else { throw NetworkError.invalid("node \(name) is named twice") }
        }
    }
}
