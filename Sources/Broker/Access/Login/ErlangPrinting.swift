import AMQP

/// Erlang's `~p` of a binary, for the SASL error texts: `<<"text">>` when every byte is
/// printable Latin-1, `<<0,117,…>>` otherwise. (Long terms are not wrapped at 80 columns as
/// io_lib_pretty would.)
func erlangBinary(_ bytes: [UInt8]) -> String {
    let escapes: [UInt8: String] = [
        0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x0B: "\\v", 0x08: "\\b", 0x0C: "\\f", 0x1B: "\\e",
        0x22: "\\\"", 0x5C: "\\\\",
    ]
    let printable = bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 >= 0xA0 || escapes[$0] != nil }
    guard printable else { return "<<" + bytes.map(String.init).joined(separator: ",") + ">>" }
    let text = bytes.map { byte in escapes[byte] ?? String(UnicodeScalar(byte)) }.joined()
    return "<<\"" + text + "\">>"
}

/// `~w` of a parsed AMQPLAIN table: `[{<<"LOGIN">>,longstr,<<"guest">>}]`. Values other than
/// strings print by their Swift description: the text is only ever a diagnostic.
func erlangTable(_ table: FieldTable) -> String {
    let entries = table.entries.map { entry -> String in
        let value: String
        switch entry.value {
        case .longString(let bytes): value = "longstr,\(erlangBinary(bytes))"
        default: value = "\(entry.value)"
        }
        return "{\(erlangBinary(Array(entry.name.utf8))),\(value)}"
    }
    return "[" + entries.joined(separator: ",") + "]"
}
