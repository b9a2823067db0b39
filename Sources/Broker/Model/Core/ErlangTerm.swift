import AMQP

/// How RabbitMQ sees a field value: the type atom its parser gives each field type
/// (rabbit_binary_parser), Erlang's `~p` printing of the value, and Erlang's `==` / `=:=`.
/// Error texts and argument equivalence are built from these, so they must read as the real
/// server's.
public enum ErlangTerm {
    /// The type atom: `signedint` for `I`, `longstr` for `S`, `bool` for `t`, …
    public static func typeName(_ value: FieldValue) -> String {
        switch value {
        case .boolean: "bool"
        case .int8: "byte"
        case .uint8: "unsignedbyte"
        case .int16: "short"
        case .uint16: "unsignedshort"
        case .int32: "signedint"
        case .uint32: "unsignedint"
        case .int64: "long"
        case .float: "float"
        case .double: "double"
        case .decimal: "decimal"
        case .longString: "longstr"
        case .bytes: "binary"
        case .array: "array"
        case .timestamp: "timestamp"
        case .table: "table"
        case .void: "void"
        }
    }

    /// rabbit_misc:type_class: integer types (and decimal) compare as one class, floats as another.
    public static func typeClass(_ value: FieldValue) -> String {
        switch value {
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .decimal: "int"
        case .float, .double: "float"
        default: typeName(value)
        }
    }

    /// `~p` of the value as the parser stores it (no type tag at top level).
    public static func print(_ value: FieldValue) -> String {
        switch value {
        case .boolean(let b): b ? "true" : "false"
        case .int8(let v): String(v)
        case .uint8(let v): String(v)
        case .int16(let v): String(v)
        case .uint16(let v): String(v)
        case .int32(let v): String(v)
        case .uint32(let v): String(v)
        case .int64(let v): String(v)
        case .timestamp(let v): String(v)
        case .float(let v): printFloat(Double(v))
        case .double(let v): printFloat(v)
        case .decimal(let scale, let v): "{\(scale),\(v)}"
        case .longString(let bytes), .bytes(let bytes): printBinary(bytes)
        case .array(let items): "[" + items.map { "{\(typeName($0)),\(print($0))}" }.joined(separator: ",") + "]"
        case .table(let table):
            "[" + table.entries.map { "{\(printBinary(Array($0.name.utf8))),\(typeName($0.value)),\(print($0.value))}" }
                .joined(separator: ",") + "]"
        case .void: "undefined"
        }
    }

    /// `~s` for binaries (the raw text), `~p` for anything else: how rabbit_misc:val/1 and
    /// most format strings show a value.
    public static func text(_ value: FieldValue) -> String {
        switch value {
        case .longString(let bytes), .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        default: print(value)
        }
    }

    /// Erlang `==`: numbers compare by value across integer and float; binaries by bytes
    /// (a `longstr` equals a `binary` with the same bytes); the rest structurally.
    public static func equal(_ a: FieldValue, _ b: FieldValue) -> Bool {
        switch (numeric(a), numeric(b)) {
        case (.some(let x), .some(let y)): return x == y
        case (.some, nil), (nil, .some): return false
        case (nil, nil): break
        }
        switch (a, b) {
        case (.longString(let x), .longString(let y)), (.longString(let x), .bytes(let y)),
            (.bytes(let x), .longString(let y)), (.bytes(let x), .bytes(let y)):
            return x == y
        default:
            return a == b
        }
    }

    /// Erlang `=:=` on the stored values: like `==` but an integer never equals a float.
    public static func exactlyEqual(_ a: FieldValue, _ b: FieldValue) -> Bool {
        switch (numeric(a), numeric(b)) {
        case (.some(let x), .some(let y)):
            return x == y && isFloat(a) == isFloat(b)
        default:
            return equal(a, b)
        }
    }

    static func isFloat(_ value: FieldValue) -> Bool {
        if case .float = value { return true }
        if case .double = value { return true }
        return false
    }

    /// Integers (timestamps are integers to Erlang) and floats as one number line.
    static func numeric(_ value: FieldValue) -> Double? {
        switch value {
        case .float(let v): Double(v)
        case .double(let v): v
        case .timestamp(let v): Double(v)
        default: value.integerValue.map(Double.init)
        }
    }

    static func printFloat(_ v: Double) -> String {
        let text = String(v)
        return text.contains(".") || text.contains("e") || !v.isFinite ? text : text + ".0"
    }

    /// `<<"abc">>` for printable text, `<<1,2,3>>` otherwise, as `~p` writes binaries.
    public static func printBinary(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 >= 32 && $0 < 127 }) {
            var out = "<<\""
            for byte in bytes {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append("\\") }
                out.append(Character(Unicode.Scalar(byte)))
            }
            return out + "\">>"
        }
        return "<<" + bytes.map(String.init).joined(separator: ",") + ">>"
    }

    /// `~p` of a text that Erlang holds as a character list: `"expected integer, got longstr"`.
    public static func printString(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in self {
            if ch == target { out += replacement } else { out.append(ch) }
        }
        return out
    }
}
