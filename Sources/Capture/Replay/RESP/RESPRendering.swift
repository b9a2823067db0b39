import RESP

/// RESP requests and replies as a person reads them: replies as `redis-cli` prints them
/// (`OK`, `"value"`, `(integer) 3`, `(nil)`, `(error) ERR …`, numbered arrays), requests as
/// typed (`SET key value`), long arguments shortened with their length.
public enum RESPRendering {
    /// Arguments longer than this are shortened in requests.
    static let argumentLimit = 40
    /// Strings longer than this are shortened in replies.
    static let replyStringLimit = 200

    public static func request(_ arguments: [[UInt8]]) -> String {
        arguments.map { argument in
            if argument.count > argumentLimit {
                return quotedIfNeeded(Array(argument.prefix(16))) + "…(\(argument.count) bytes)"
            }
            return quotedIfNeeded(argument)
        }.joined(separator: " ")
    }

    public static func reply(_ value: RESPValue) -> String {
        lines(value).joined(separator: "\n")
    }

    private static func lines(_ value: RESPValue) -> [String] {
        switch value {
        case .simpleString(let s): return [s]
        case .error(let e): return ["(error) " + e]
        case .integer(let i): return ["(integer) \(i)"]
        case .bulkString(let bytes?): return [quoted(bytes, limit: replyStringLimit)]
        case .bulkString(nil), .array(nil), .null: return ["(nil)"]
        case .double(let d): return ["(double) \(d)"]
        case .boolean(let b): return [b ? "(true)" : "(false)"]
        case .bigNumber(let n): return ["(big number) \(n)"]
        case .verbatim(_, let text): return [quoted(Array(text.utf8), limit: replyStringLimit)]
        case .array(let elements?): return numbered(elements.map { lines($0) }, marker: ")", empty: "(empty array)")
        case .set(let elements): return numbered(elements.map { lines($0) }, marker: "~", empty: "(empty set)")
        case .push(let elements): return numbered(elements.map { lines($0) }, marker: ">", empty: "(empty push)")
        case .map(let pairs):
            return numbered(
                pairs.map { pair in
                    let key = lines(pair.key)
                    let value = lines(pair.value)
                    return [key.joined(separator: " ") + " => " + (value.first ?? "")] + value.dropFirst()
                }, marker: "#", empty: "(empty hash)")
        }
    }

    /// `1) first` with continuation lines indented under the first, as redis-cli nests.
    private static func numbered(_ items: [[String]], marker: String, empty: String) -> [String] {
        guard !items.isEmpty else { return [empty] }
        let width = String(items.count).count
        var out: [String] = []
        for (i, item) in items.enumerated() {
            let number = String(i + 1)
            let label = String(repeating: " ", count: width - number.count) + number + marker + " "
            let indent = String(repeating: " ", count: label.count)
            for (j, line) in item.enumerated() { out.append((j == 0 ? label : indent) + line) }
        }
        return out
    }

    private static func quotedIfNeeded(_ bytes: [UInt8]) -> String {
        let plain = !bytes.isEmpty && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        return plain ? String(decoding: bytes, as: UTF8.self) : quoted(bytes, limit: argumentLimit)
    }

    /// Double-quoted with redis-cli's escapes (`\n`, `\"`, `\xNN`).
    static func quoted(_ bytes: [UInt8], limit: Int) -> String {
        var out = "\""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        out += "\""
        if bytes.count > limit { out += "…(\(bytes.count) bytes)" }
        return out
    }
}
