/// Zipmaps (`zipmap.c`): how Redis before 2.6 stored small hashes (RDB type 9).
///
///     <count: 1 byte, 254 = unknown> (<len> field <len> <free: 1 byte> value <free bytes>)* 0xFF
///     len = 1 byte below 254, or 254 + u32 (host order, little-endian in practice)
enum Zipmap {
    static let end: UInt8 = 0xFF
    static let bigLength: UInt8 = 254

    /// The field/value pairs, checked as `zipmapValidateIntegrity` does with `deep`.
    static func pairs(_ zm: UnsafeRawBufferPointer) throws(StructureError) -> [(field: Bytes, value: Bytes)] {
        let size = zm.count
        guard size >= 2 else { throw StructureError(0, "zipmap of \(size) bytes is too short") }
        guard zm[size - 1] == end else { throw StructureError(size - 1, "zipmap does not end with 0xFF") }
        let last = size - 1
        func outOfRange(_ p: Int) -> Bool { p < 2 || p > last }
        func lengthSize(_ p: Int) -> Int { zm[p] < bigLength ? 1 : 5 }
        func length(_ p: Int) -> Int {
            zm[p] < bigLength ? Int(zm[p]) : Int(UInt32(littleEndian: zm.loadUnaligned(fromByteOffset: p + 1, as: UInt32.self)))
        }
        var out: [(field: Bytes, value: Bytes)] = []
        var p = 1
        while zm[p] != end {
            let entry = p
            var s = lengthSize(p)
            guard !outOfRange(p + s) else { throw StructureError(entry, "zipmap field length runs past the end") }
            var l = length(p)
            p += s
            let field = p
            p += l
            guard !outOfRange(p) else { throw StructureError(entry, "zipmap field runs past the end") }
            let fieldBytes = Bytes(UnsafeRawBufferPointer(rebasing: zm[field..<(field + l)]))
            s = lengthSize(p)
            guard !outOfRange(p + s) else { throw StructureError(p, "zipmap value length runs past the end") }
            l = length(p)
            p += s
            let free = Int(zm[p])
            p += 1
            let value = p
            p += l + free
            guard !outOfRange(p) else { throw StructureError(entry, "zipmap value runs past the end") }
            out.append((fieldBytes, Bytes(UnsafeRawBufferPointer(rebasing: zm[value..<(value + l)]))))
        }
        guard !out.isEmpty else { throw StructureError(0, "empty zipmap") }
        guard zm[0] == bigLength || Int(zm[0]) == out.count else {
            throw StructureError(0, "zipmap header counts \(zm[0]) pairs, found \(out.count)")
        }
        return out
    }
}
