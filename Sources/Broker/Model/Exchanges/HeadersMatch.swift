import AMQP

/// rabbit_exchange_type_headers in 3.10: `x-match` is `all` (the default, also for values it
/// does not know), `any`, `all-with-x` or `any-with-x`. Binding arguments whose names start
/// with `x-` are left out of matching unless the mode is a `-with-x` one; `x-match` always is.
/// A `void` binding value asks only that the header be present; other values compare with
/// Erlang's `==` (so `1` matches `1.0` and a long string matches the same bytes as `x`).
enum HeadersMatch {
    enum Mode {
        case all, any, allWithX, anyWithX
        var isAll: Bool { self == .all || self == .allWithX }
        var withX: Bool { self == .allWithX || self == .anyWithX }
    }

    static func mode(of arguments: FieldTable) -> Mode {
        switch arguments["x-match"]?.stringValue {
        case "any": .any
        case "all-with-x": .allWithX
        case "any-with-x": .anyWithX
        default: .all
        }
    }

    /// validate_binding: the 406 texts for a bad `x-match` on queue.bind / exchange.bind.
    static func validate(_ arguments: FieldTable) throws(BrokerError) {
        guard let value = arguments["x-match"] else { return }
        if case .longString(let bytes) = value {
            let text = String(decoding: bytes, as: UTF8.self)
            if ["all", "any", "all-with-x", "any-with-x"].contains(text) { return }
            throw .preconditionFailed(
                "Invalid x-match field value \(ErlangTerm.printBinary(bytes)); expected all, any, all-with-x, or any-with-x")
        }
        throw .preconditionFailed(
            "Invalid x-match field type \(ErlangTerm.typeName(value)) (value \(ErlangTerm.print(value))); expected longstr")
    }

    /// The merge walk of headers_match over the binding's arguments and the message's headers,
    /// both sorted by name.
    static func matches(pattern: [FieldTable.Entry], mode: Mode, headers: [FieldTable.Entry]) -> Bool {
        var allMatch = true
        var anyMatch = false
        var p = 0
        var d = 0
        while true {
            if mode.isAll, !allMatch { return false }
            if !mode.isAll, anyMatch { return true }
            guard p < pattern.count else { return mode.isAll ? allMatch : anyMatch }
            let entry = pattern[p]
            if entry.name == "x-match" || (!mode.withX && entry.name.utf8.starts(with: "x-".utf8)) {
                p += 1
                continue
            }
            guard d < headers.count else {
                // Pattern left but no data: an `all` fails; an `any` is decided by what matched.
                allMatch = false
                return mode.isAll ? false : anyMatch
            }
            let header = headers[d]
            let pk = entry.name.utf8, dk = header.name.utf8
            if dk.lexicographicallyPrecedes(pk) {
                d += 1
            } else if pk.lexicographicallyPrecedes(dk) {
                allMatch = false
                p += 1
            } else {
                if case .void = entry.value {
                    anyMatch = true
                } else if ErlangTerm.equal(entry.value, header.value) {
                    anyMatch = true
                } else {
                    allMatch = false
                }
                p += 1
                d += 1
            }
        }
    }
}
