/// The compact notation the documentation table writes argument trees in, and its parser.
///
///     key:key value [condition=NX|XX]@2.6.12 [GET]@6.2.0 [expiration=EX seconds:integer|KEEPTTL]
///
/// - `name` or `name:type` is an argument; the type (key, string, integer, double, pattern,
///   unix-time) defaults to string. `'ip:port'` quotes a name.
/// - An UPPERCASE word is a token: it labels the argument right after it (`EX seconds`) or,
///   with nothing to label, is a pure token named after it in lower case. `"..."` quotes a
///   token; `TOKEN+` repeats the token before each value (Redis's multiple_token).
/// - `[...]` makes what it holds optional, `(...)` just groups. Inside either, `|` separates
///   the alternatives of a oneof and spaces sequence the parts of a block (a leading token
///   labels the whole block). `name=` at the start of a group or alternative names what it
///   builds; oneofs and blocks need one, tokens and arguments may be renamed with it.
/// - `{name=...}` is a block even with a single part (`PSUBSCRIBE` repeats a block holding
///   one pattern, and redis-cli renders it just so).
/// - Suffixes: `...` multiple, `@6.2.0` since, `!2.8.12` deprecated since, `#1` key spec
///   index. Keys without `#` take the next unused index, in order of appearance.
enum ArgumentSyntax {
    struct Error: Swift.Error, CustomStringConvertible {
        let message: String
        let text: String
        let offset: Int
        var description: String { "\(message) at offset \(offset) in \"\(text)\"" }
    }

    static func parse(_ text: String) throws(Error) -> [DocArgument] {
        var parser = Parser(text: text)
        var arguments = try parser.parseTopLevel()
        var next = 0
        assignKeySpecIndices(&arguments, next: &next)
        return arguments
    }

    /// Numbers keys in order of appearance; explicit indices (`#n`) move the counter past them.
    private static func assignKeySpecIndices(_ arguments: inout [DocArgument], next: inout Int) {
        for i in arguments.indices {
            if arguments[i].kind == .key && arguments[i].keySpecIndex == nil {
                arguments[i].keySpecIndex = next
            }
            if let k = arguments[i].keySpecIndex { next = max(next, k + 1) }
            assignKeySpecIndices(&arguments[i].arguments, next: &next)
        }
    }
}

private struct Parser {
    /// What an element parses to before tokens are attached to their arguments.
    enum Piece {
        case token(String, repeats: Bool, Suffix)
        case argument(DocArgument)
    }

    struct Suffix {
        var multiple = false
        var since: String?
        var deprecatedSince: String?
        var keySpecIndex: Int?

        func apply(to argument: inout DocArgument) {
            if multiple { argument.flags.insert(.multiple) }
            if let since { argument.since = since }
            if let deprecatedSince { argument.deprecatedSince = deprecatedSince }
            if let keySpecIndex { argument.keySpecIndex = keySpecIndex }
        }
    }

    let text: String
    let chars: [UInt8]
    var i = 0

    init(text: String) {
        self.text = text
        self.chars = Array(text.utf8)
    }

    var peek: UInt8? { i < chars.count ? chars[i] : nil }

    func fail(_ message: String) -> ArgumentSyntax.Error {
        ArgumentSyntax.Error(message: message, text: text, offset: i)
    }

    mutating func parseTopLevel() throws(ArgumentSyntax.Error) -> [DocArgument] {
        let pieces = try parseSequence()
        guard peek == nil else { throw fail("unexpected '\(Character(UnicodeScalar(peek!)))'") }
        return bind(pieces)
    }

    /// Elements separated by spaces, up to a closing bracket, a `|` or the end.
    mutating func parseSequence() throws(ArgumentSyntax.Error) -> [Piece] {
        var pieces: [Piece] = []
        while true {
            skipSpaces()
            guard let c = peek, c != UInt8(ascii: "]"), c != UInt8(ascii: ")"), c != UInt8(ascii: "}"),
                c != UInt8(ascii: "|")
            else {
                return pieces
            }
            pieces.append(try parseElement())
        }
    }

    mutating func parseElement() throws(ArgumentSyntax.Error) -> Piece {
        var piece: Piece
        switch peek! {
        case UInt8(ascii: "["), UInt8(ascii: "("):
            let close = peek == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
            i += 1
            var argument = try parseGroup()
            guard peek == close else { throw fail("expected '\(Character(UnicodeScalar(close)))'") }
            i += 1
            if close == UInt8(ascii: "]") { argument.flags.insert(.optional) }
            piece = .argument(argument)
        case UInt8(ascii: "{"):
            i += 1
            skipSpaces()
            guard let name = namePrefix() else { throw fail("a block needs a name") }
            let pieces = try parseSequence()
            guard !pieces.isEmpty, consume(UInt8(ascii: "}")) else { throw fail("expected a block's parts and '}'") }
            piece = .argument(DocArgument(name: name, kind: .block, arguments: bind(pieces)))
        case UInt8(ascii: "\""):
            let token = try quoted()
            piece = .token(token, repeats: consume(UInt8(ascii: "+")), Suffix())
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            let token = word(isTokenCharacter)
            piece = .token(token, repeats: consume(UInt8(ascii: "+")), Suffix())
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "'"):
            let name = peek == UInt8(ascii: "'") ? try quoted() : word(isNameCharacter)
            var kind = DocArgument.Kind.string
            if consume(UInt8(ascii: ":")) {
                let typeName = word(isNameCharacter)
                guard let k = DocArgument.Kind(rawValue: typeName), k != .pureToken, k != .oneof, k != .block else {
                    throw fail("unknown argument type '\(typeName)'")
                }
                kind = k
            }
            piece = .argument(DocArgument(name: name, kind: kind))
        default:
            throw fail("unexpected '\(Character(UnicodeScalar(peek!)))'")
        }
        let suffix = try parseSuffix()
        switch piece {
        case .argument(var argument):
            suffix.apply(to: &argument)
            piece = .argument(argument)
        case .token(let token, let repeats, _):
            piece = .token(token, repeats: repeats, suffix)
        }
        return piece
    }

    mutating func parseSuffix() throws(ArgumentSyntax.Error) -> Suffix {
        var suffix = Suffix()
        while let c = peek {
            if c == UInt8(ascii: "."), chars[i...].starts(with: Array("...".utf8)) {
                i += 3
                suffix.multiple = true
            } else if c == UInt8(ascii: "@") {
                i += 1
                suffix.since = try version()
            } else if c == UInt8(ascii: "!") {
                i += 1
                suffix.deprecatedSince = try version()
            } else if c == UInt8(ascii: "#") {
                i += 1
                let digits = word { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                guard let n = Int(digits) else { throw fail("expected a key spec index") }
                suffix.keySpecIndex = n
            } else {
                break
            }
        }
        return suffix
    }

    /// The inside of `[...]` or `(...)`: alternatives, each a sequence.
    mutating func parseGroup() throws(ArgumentSyntax.Error) -> DocArgument {
        let groupName = namePrefix()
        var alternatives: [(name: String?, pieces: [Piece])] = []
        repeat {
            skipSpaces()
            let name = namePrefix()
            let pieces = try parseSequence()
            guard !pieces.isEmpty else { throw fail("empty group or alternative") }
            alternatives.append((name, pieces))
        } while consume(UInt8(ascii: "|"))
        if alternatives.count == 1 {
            return try fold(alternatives[0].pieces, name: alternatives[0].name ?? groupName)
        }
        guard let groupName else { throw fail("a oneof needs a name") }
        var choices: [DocArgument] = []
        for alternative in alternatives {
            choices.append(try fold(alternative.pieces, name: alternative.name))
        }
        return DocArgument(name: groupName, kind: .oneof, arguments: choices)
    }

    /// One argument from a sequence: a lone element, a token and what it labels, or a block.
    func fold(_ pieces: [Piece], name: String?) throws(ArgumentSyntax.Error) -> DocArgument {
        if pieces.count == 1 {
            var argument = bind(pieces)[0]
            if let name { argument.name = name }
            return argument
        }
        if pieces.count == 2, case .token = pieces[0], case .argument = pieces[1] {
            var argument = bind(pieces)[0]
            if let name { argument.name = name }
            return argument
        }
        guard let name else { throw fail("a block needs a name") }
        if case .token(let token, let repeats, let suffix) = pieces[0] {
            var block = DocArgument(name: name, kind: .block, token: token, arguments: bind(Array(pieces.dropFirst())))
            suffix.apply(to: &block)
            if repeats { block.flags.insert(.multipleToken) }
            return block
        }
        return DocArgument(name: name, kind: .block, arguments: bind(pieces))
    }

    /// Attaches each token to the argument after it; tokens with nothing to label stand alone.
    func bind(_ pieces: [Piece]) -> [DocArgument] {
        var out: [DocArgument] = []
        var k = 0
        while k < pieces.count {
            switch pieces[k] {
            case .argument(let argument):
                out.append(argument)
                k += 1
            case .token(let token, let repeats, let suffix):
                if k + 1 < pieces.count, case .argument(var argument) = pieces[k + 1], argument.token == nil {
                    argument.token = token
                    suffix.apply(to: &argument)
                    if repeats { argument.flags.insert(.multipleToken) }
                    out.append(argument)
                    k += 2
                } else {
                    var pure = DocArgument(name: token.lowercased(), kind: .pureToken, token: token)
                    suffix.apply(to: &pure)
                    out.append(pure)
                    k += 1
                }
            }
        }
        return out
    }

    /// `name=` if it is next (not consumed otherwise).
    mutating func namePrefix() -> String? {
        skipSpaces()
        let start = i
        guard let c = peek, (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || c == UInt8(ascii: "'") else {
            return nil
        }
        let name = c == UInt8(ascii: "'") ? (try? quoted()) : word(isNameCharacter)
        if let name, consume(UInt8(ascii: "=")) { return name }
        i = start
        return nil
    }

    mutating func version() throws(ArgumentSyntax.Error) -> String {
        let start = i
        while let c = peek {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                i += 1
            } else if c == UInt8(ascii: "."), i + 1 < chars.count,
                chars[i + 1] >= UInt8(ascii: "0") && chars[i + 1] <= UInt8(ascii: "9")
            {
                i += 1
            } else {
                break
            }
        }
        guard i > start else { throw fail("expected a version") }
        return String(decoding: chars[start..<i], as: UTF8.self)
    }

    mutating func quoted() throws(ArgumentSyntax.Error) -> String {
        let quote = chars[i]
        i += 1
        let start = i
        while let c = peek, c != quote { i += 1 }
        guard peek == quote else { throw fail("unterminated quote") }
        defer { i += 1 }
        return String(decoding: chars[start..<i], as: UTF8.self)
    }

    mutating func word(_ accepts: (UInt8) -> Bool) -> String {
        let start = i
        while let c = peek, accepts(c) { i += 1 }
        return String(decoding: chars[start..<i], as: UTF8.self)
    }

    mutating func consume(_ c: UInt8) -> Bool {
        guard peek == c else { return false }
        i += 1
        return true
    }

    mutating func skipSpaces() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") { i += 1 }
    }
}

private func isNameCharacter(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
}

private func isTokenCharacter(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
}
