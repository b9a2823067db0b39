/// Intsets (`intset.c`): a sorted array of unique integers, all stored at the width of the
/// widest one.
///
///     <encoding: u32 LE = 2, 4 or 8> <count: u32 LE> <count integers, LE, ascending>
enum Intset {
    /// The integers of `blob`, checked as `intsetValidateIntegrity` does with `deep`:
    /// known width, size matching the count, not empty, strictly ascending.
    static func decode(_ blob: UnsafeRawBufferPointer) throws(StructureError) -> [Int64] {
        guard blob.count >= 8 else { throw StructureError(0, "intset of \(blob.count) bytes is shorter than its header") }
        let width = Int(UInt32(littleEndian: blob.loadUnaligned(as: UInt32.self)))
        guard width == 2 || width == 4 || width == 8 else { throw StructureError(0, "unknown intset encoding \(width)") }
        let count = Int(UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        guard 8 + count * width == blob.count else {
            throw StructureError(4, "intset of \(count) \(width)-byte integers cannot be \(blob.count) bytes long")
        }
        guard count > 0 else { throw StructureError(4, "empty intset") }
        var out: [Int64] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let at = 8 + i * width
            let v: Int64
            switch width {
            case 2: v = Int64(Int16(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: Int16.self)))
            case 4: v = Int64(Int32(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            default: v = Int64(littleEndian: blob.loadUnaligned(fromByteOffset: at, as: Int64.self))
            }
            if let previous = out.last, v <= previous {
                throw StructureError(at, "intset not strictly ascending (\(v) after \(previous))")
            }
            out.append(v)
        }
        return out
    }

    /// The blob for sorted, unique `ints`, at the narrowest width that holds them all.
    static func encode(_ ints: [Int64]) -> [UInt8] {
        var width = 2
        if let lo = ints.first, let hi = ints.last {
            if lo < Int64(Int32.min) || hi > Int64(Int32.max) {
                width = 8
            } else if lo < Int64(Int16.min) || hi > Int64(Int16.max) {
                width = 4
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(8 + ints.count * width)
        appendLE(&out, UInt64(width), 4)
        appendLE(&out, UInt64(ints.count), 4)
        for v in ints { appendLE(&out, UInt64(bitPattern: v), width) }
        return out
    }

    private static func appendLE(_ out: inout [UInt8], _ u: UInt64, _ width: Int) {
        for i in 0..<width { out.append(UInt8(truncatingIfNeeded: u >> (8 * UInt64(i)))) }
    }
}
