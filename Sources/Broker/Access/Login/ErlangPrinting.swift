import AMQP

/// Erlang's `~p` of a binary, for the PLAIN error text: `<<"text">>` when every byte is
/// printable Latin-1 (bytes pass through as they are), `<<0,117,…>>` otherwise. Long terms are
/// not wrapped at 80 columns as io_lib_pretty would.
func erlangPrettyBinary(_ bytes: [UInt8]) -> String {
    let escapes: [UInt8: String] = [
        0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x0B: "\\v", 0x08: "\\b", 0x0C: "\\f", 0x1B: "\\e",
        0x22: "\\\"", 0x5C: "\\\\",
    ]
    let printable = !bytes.isEmpty && bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 >= 0xA0 || escapes[$0] != nil }
    guard printable else { return erlangWrittenBinary(bytes) }
    var text: [UInt8] = Array("<<\"".utf8)
    for byte in bytes {
        if let escape = escapes[byte] { text += Array(escape.utf8) } else { text.append(byte) }
    }
    text += Array("\">>".utf8)
    return String(decoding: text, as: UTF8.self)
}

/// Erlang's `~w` of a binary: always the bytes as numbers.
func erlangWrittenBinary(_ bytes: [UInt8]) -> String {
    "<<" + bytes.map(String.init).joined(separator: ",") + ">>"
}

/// `~w` of a parsed AMQPLAIN table, as rabbit_binary_parser gives it:
/// `[{<<76,79,71,73,78>>,longstr,<<103,117,101,115,116>>}]`.
func erlangWrittenTable(_ table: FieldTable) -> String {
    "[" + table.entries.map { "{\(erlangWrittenBinary(Array($0.name.utf8))),\(erlangWrittenTyped($0.value))}" }.joined(separator: ",") + "]"
}

/// `type,value` as the parser tags a field (the type atoms of rabbit_binary_parser).
private func erlangWrittenTyped(_ value: FieldValue) -> String {
    switch value {
    case .boolean(let v): "bool,\(v)"
    case .int8(let v): "byte,\(v)"
    case .uint8(let v): "unsignedbyte,\(v)"
    case .int16(let v): "short,\(v)"
    case .uint16(let v): "unsignedshort,\(v)"
    case .int32(let v): "signedint,\(v)"
    case .uint32(let v): "unsignedint,\(v)"
    case .int64(let v): "long,\(v)"
    case .float(let v): "float,\(v)"
    case .double(let v): "double,\(v)"
    case .decimal(let scale, let v): "decimal,{\(scale),\(v)}"
    case .longString(let bytes): "longstr,\(erlangWrittenBinary(bytes))"
    case .bytes(let bytes): "binary,\(erlangWrittenBinary(bytes))"
    case .timestamp(let v): "timestamp,\(v)"
    case .void: "void,undefined"
    case .table(let table): "table,\(erlangWrittenTable(table))"
    case .array(let items): "array,[" + items.map { "{\(erlangWrittenTyped($0))}" }.joined(separator: ",") + "]"
    }
}
