/// How commands are written into an AOF: a RESP multibulk array, byte for byte what Redis's
/// `catAppendOnlyGenericCommand` produces.
enum AOFCommandEncoding {
    static func append(_ command: [Bytes], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "*"))
        out.append(contentsOf: String(command.count).utf8)
        out.append(13)
        out.append(10)
        for arg in command {
            out.append(UInt8(ascii: "$"))
            out.append(contentsOf: String(arg.count).utf8)
            out.append(13)
            out.append(10)
            arg.withUnsafeBytes { out.append(contentsOf: $0) }
            out.append(13)
            out.append(10)
        }
    }
}
