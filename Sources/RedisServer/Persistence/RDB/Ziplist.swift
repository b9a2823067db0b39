/// Ziplists (`ziplist.c`), the pre-7.0 compact encoding, found in RDB types 10, 12, 13 and
/// in the nodes of type 14. Read-only: Redis 7.0 converts them to listpacks on load.
///
///     <total bytes: u32 LE> <tail offset: u32 LE> <count: u16 LE, 65535 = unknown> <entry>* 0xFF
///     entry = <prevlen: 1 byte, or 0xFE + u32 LE> <encoding + length> <data>
enum Ziplist {
    static let headerSize = 10
    static let end: UInt8 = 0xFF

    /// Validates `zl` as `ziplistValidateIntegrity` does with `deep` (header, terminator,
    /// tail offset, every entry's encoding and bounds, prevlen chain, count), calling `body`
    /// for each element in order. Returns the element count.
    @discardableResult
    static func forEach(
        _ zl: UnsafeRawBufferPointer, _ body: (_ element: PackedElement, _ position: Int) throws(StructureError) -> Void
    ) throws(StructureError) -> Int {
        let size = zl.count
        guard size >= headerSize + 1 else { throw StructureError(0, "ziplist of \(size) bytes is shorter than its header") }
        let declared = Int(UInt32(littleEndian: zl.loadUnaligned(as: UInt32.self)))
        guard declared == size else { throw StructureError(0, "ziplist header says \(declared) bytes, blob has \(size)") }
        guard zl[size - 1] == end else { throw StructureError(size - 1, "ziplist does not end with 0xFF") }
        let tail = Int(UInt32(littleEndian: zl.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        guard tail <= size - 1 else { throw StructureError(4, "ziplist tail offset \(tail) is past the end") }
        let declaredCount = Int(UInt16(littleEndian: zl.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        let last = size - 1
        var p = headerSize
        var previous: Int?
        var previousSize = 0
        var count = 0
        while zl[p] != end {
            let prevlenSize = zl[p] < 254 ? 1 : 5
            guard p + prevlenSize <= last else { throw StructureError(p, "ziplist entry header runs past the end") }
            let prevlen = prevlenSize == 1
                ? Int(zl[p])
                : Int(UInt32(littleEndian: zl.loadUnaligned(fromByteOffset: p + 1, as: UInt32.self)))
            let e = p + prevlenSize
            var encoding = zl[e]
            if encoding < 0xC0 { encoding &= 0xC0 }
            let lengthSize: Int
            switch encoding {
            case 0x00, 0xC0, 0xD0, 0xE0, 0xF0, 0xFE, 0xF1...0xFD: lengthSize = 1
            case 0x40: lengthSize = 2
            case 0x80: lengthSize = 5
            default: throw StructureError(e, "invalid ziplist entry encoding 0x\(String(zl[e], radix: 16))")
            }
            guard e + lengthSize <= last else { throw StructureError(p, "ziplist entry header runs past the end") }
            let dataLength: Int
            switch encoding {
            case 0x00: dataLength = Int(zl[e] & 0x3f)
            case 0x40: dataLength = Int(zl[e] & 0x3f) << 8 | Int(zl[e + 1])
            case 0x80: dataLength = Int(UInt32(bigEndian: zl.loadUnaligned(fromByteOffset: e + 1, as: UInt32.self)))
            case 0xFE: dataLength = 1
            case 0xC0: dataLength = 2
            case 0xF0: dataLength = 3
            case 0xD0: dataLength = 4
            case 0xE0: dataLength = 8
            default: dataLength = 0  // 4-bit immediate
            }
            let data = e + lengthSize
            guard data + dataLength <= last else { throw StructureError(p, "ziplist entry runs past the end") }
            guard p - prevlen >= headerSize, prevlen == previousSize else {
                throw StructureError(p, "ziplist prevlen \(prevlen) does not match the previous entry size \(previousSize)")
            }
            let element: PackedElement
            switch encoding {
            case 0x00, 0x40, 0x80:
                element = .string(UnsafeRawBufferPointer(rebasing: zl[data..<(data + dataLength)]))
            case 0xF1...0xFD:
                element = .int(Int64(encoding & 0x0f) - 1)
            default:
                var u: UInt64 = 0
                for i in 0..<dataLength { u |= UInt64(zl[data + i]) << (8 * i) }
                let shift = UInt64(64 - 8 * dataLength)
                element = .int(Int64(bitPattern: u << shift) >> shift)  // sign-extend
            }
            try body(element, p)
            count += 1
            previous = p
            previousSize = data + dataLength - p
            p = data + dataLength
        }
        guard p == last else { throw StructureError(p, "ziplist terminator before the end of the blob") }
        if let previous, previous != tail {
            throw StructureError(4, "ziplist tail offset \(tail) is not the last entry (\(previous))")
        }
        guard declaredCount == 65535 || declaredCount == count else {
            throw StructureError(8, "ziplist header counts \(declaredCount) elements, found \(count)")
        }
        return count
    }
}
