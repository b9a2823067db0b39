/// Key specs as the documentation table writes them: the flags, then (rarely) where the keys
/// are, then ` -- ` and a note.
///
///     RW access update
///     RW access delete incomplete keyword=KEYS,-2 range=-1,1,0
///     RO access unknown -- BY and GET name keys found in the sorted values
///
/// Where the keys are is usually left out: it follows from the argument tree (see
/// `derive`), so the two cannot disagree. `index=N` / `keyword=WORD,FROM` say where the
/// search begins, `range=LAST,STEP,LIMIT` / `keynum=IDX,FIRST,STEP` which keys follow,
/// `unknown` that neither can be told from the arguments alone.
enum KeySpecSyntax {
    struct Error: Swift.Error, CustomStringConvertible {
        let description: String
    }

    /// Parses spec number `index` of a command whose arguments start at `firstPosition`
    /// (2 for subcommands).
    static func parse(
        _ text: String, index: Int, arguments: [DocArgument], firstPosition: Int
    ) throws(Error) -> KeySpec {
        let parts = text.split(separator: " -- ", maxSplits: 1, omittingEmptySubsequences: false)
        var flags = KeySpec.Flags()
        var begin: KeySpec.Begin?
        var find: KeySpec.Find?
        for word in parts[0].split(separator: " ") {
            if let flag = KeySpec.Flags.byName[String(word)] {
                flags.insert(flag)
                continue
            }
            let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
            let values = kv.count == 2 ? kv[1].split(separator: ",").map(String.init) : []
            let numbers = values.compactMap { Int($0) }
            switch (kv[0], values.count, numbers.count) {
            case ("unknown", 0, _): (begin, find) = (.unknown, .unknown)
            case ("index", 1, 1): begin = .index(numbers[0])
            case ("keyword", 2, _) where Int(values[1]) != nil: begin = .keyword(values[0], startFrom: Int(values[1])!)
            case ("range", 3, 3): find = .range(lastKey: numbers[0], step: numbers[1], limit: numbers[2])
            case ("keynum", 3, 3): find = .keynum(numkeysIndex: numbers[0], firstKey: numbers[1], step: numbers[2])
            default: throw Error(description: "bad key spec word '\(word)' in \"\(text)\"")
            }
        }
        let notes = parts.count == 2 ? String(parts[1]) : nil
        switch (begin, find) {
        case (let begin?, let find?):
            return KeySpec(flags: flags, begin: begin, find: find, notes: notes)
        case (nil, nil):
            guard let (begin, find) = derive(index, arguments, firstPosition: firstPosition) else {
                throw Error(description: "cannot tell where the keys of spec \(index) are; write them in \"\(text)\"")
            }
            return KeySpec(flags: flags, begin: begin, find: find, notes: notes)
        default:
            throw Error(description: "key spec \"\(text)\" gives only half of where its keys are")
        }
    }

    /// Where the keys of spec `index` are, read off the argument tree: the first argument
    /// naming the spec must be required and sit at a fixed position (only required, single,
    /// fixed-width arguments before it). A single key (or a run of them, `LCS key1 key2`) is
    /// a range; repeated keys run to the end less what follows them, or are counted by a
    /// `numkeys` argument just before them.
    static func derive(
        _ index: Int, _ arguments: [DocArgument], firstPosition: Int
    ) -> (KeySpec.Begin, KeySpec.Find)? {
        var position = firstPosition
        for (n, argument) in arguments.enumerated() {
            if refers(argument, to: index) {
                guard !argument.flags.contains(.optional) else { return nil }
                let start = position + (argument.token != nil ? 1 : 0)
                guard argument.flags.contains(.multiple) else {
                    var last = 0
                    for next in arguments[(n + 1)...] {
                        guard refers(next, to: index), next.flags.isEmpty, width(next) == 1 else { break }
                        last += 1
                    }
                    return (.index(start), .range(lastKey: last, step: 1, limit: 0))
                }
                guard argument.token == nil, let step = width(argument) else { return nil }
                if n > 0, arguments[n - 1].name == "numkeys", arguments[n - 1].kind == .integer {
                    return (.index(position - 1), .keynum(numkeysIndex: 0, firstKey: 1, step: step))
                }
                var trailing = 0
                for next in arguments[(n + 1)...] {
                    guard next.flags.isEmpty, let w = width(next) else { return nil }
                    trailing += w
                }
                return (.index(start), .range(lastKey: -1 - trailing, step: step, limit: 0))
            }
            guard argument.flags.isEmpty, let w = width(argument) else { return nil }
            position += w
        }
        return nil
    }

    static func refers(_ argument: DocArgument, to index: Int) -> Bool {
        argument.keySpecIndex == index || argument.arguments.contains { refers($0, to: index) }
    }

    /// How many words one occurrence of `argument` takes, when that is fixed.
    static func width(_ argument: DocArgument) -> Int? {
        let token = argument.token != nil ? 1 : 0
        switch argument.kind {
        case .pureToken:
            return 1
        case .block:
            var total = token
            for part in argument.arguments {
                guard part.flags.isEmpty, let w = width(part) else { return nil }
                total += w
            }
            return total
        case .oneof:
            let widths = Set(argument.arguments.map { $0.flags.isEmpty ? width($0) : nil })
            guard widths.count == 1, let w = widths.first! else { return nil }
            return token + w
        default:
            return token + 1
        }
    }
}
