import RESP

/// Listpacks (`listpack.c`): the compact encoding of small hashes and sorted sets and of
/// quicklist nodes.
///
///     <total bytes: u32 LE> <element count: u16 LE, 65535 = unknown> <entry>* 0xFF
///     entry = <encoding byte(s)> <data> <backlen: size of encoding+data, 1-5 bytes>
enum Listpack {
    static let headerSize = 6
    static let end: UInt8 = 0xFF
    static let unknownCount = 65535

    /// Validates `lp` as Redis's deep check does (`lpValidateIntegrity` with `deep`: header
    /// size, terminator, every entry's encoding and bounds, backlens, element count), calling
    /// `body` for each element (and its position) in order. Returns the element count.
    @discardableResult
    static func forEach(
        _ lp: UnsafeRawBufferPointer, _ body: (_ element: PackedElement, _ position: Int) throws(StructureError) -> Void
    ) throws(StructureError) -> Int {
        let size = lp.count
        guard size >= headerSize + 1 else { throw StructureError(0, "listpack of \(size) bytes is shorter than its header") }
        let declared = Int(UInt32(littleEndian: lp.loadUnaligned(as: UInt32.self)))
        guard declared == size else { throw StructureError(0, "listpack header says \(declared) bytes, blob has \(size)") }
        guard lp[size - 1] == end else { throw StructureError(size - 1, "listpack does not end with 0xFF") }
        let declaredCount = Int(UInt16(littleEndian: lp.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        let last = size - 1
        var p = headerSize
        var count = 0
        while lp[p] != end {
            let first = lp[p]
            let headerBytes: Int
            switch first {
            case 0x00...0xBF, 0xC0...0xDF, 0xF1...0xF4: headerBytes = 1
            case 0xE0...0xEF: headerBytes = 2
            case 0xF0: headerBytes = 5
            default: throw StructureError(p, "invalid listpack entry encoding 0x\(String(first, radix: 16))")
            }
            guard p + headerBytes <= last else { throw StructureError(p, "listpack entry header runs past the end") }
            let element: PackedElement
            let encodedSize: Int
            switch first {
            case 0x00...0x7F:
                element = .int(Int64(first))
                encodedSize = 1
            case 0x80...0xBF:
                let n = Int(first & 0x3f)
                encodedSize = 1 + n
                guard p + encodedSize <= last else { throw StructureError(p, "listpack string runs past the end") }
                element = .string(UnsafeRawBufferPointer(rebasing: lp[(p + 1)..<(p + 1 + n)]))
            case 0xC0...0xDF:
                let u = Int(first & 0x1f) << 8 | Int(lp[p + 1])
                element = .int(Int64(u >= 1 << 12 ? u - (1 << 13) : u))
                encodedSize = 2
            case 0xE0...0xEF:
                let n = Int(first & 0x0f) << 8 | Int(lp[p + 1])
                encodedSize = 2 + n
                guard p + encodedSize <= last else { throw StructureError(p, "listpack string runs past the end") }
                element = .string(UnsafeRawBufferPointer(rebasing: lp[(p + 2)..<(p + 2 + n)]))
            case 0xF0:
                let n = Int(UInt32(littleEndian: lp.loadUnaligned(fromByteOffset: p + 1, as: UInt32.self)))
                encodedSize = 5 + n
                guard p + encodedSize <= last else { throw StructureError(p, "listpack string runs past the end") }
                element = .string(UnsafeRawBufferPointer(rebasing: lp[(p + 5)..<(p + 5 + n)]))
            default:  // 0xF1...0xF4: 16, 24, 32, 64-bit integers
                let width = first == 0xF4 ? 8 : Int(first - 0xF1) + 2
                encodedSize = 1 + width
                guard p + encodedSize <= last else { throw StructureError(p, "listpack integer runs past the end") }
                var u: UInt64 = 0
                for i in 0..<width { u |= UInt64(lp[p + 1 + i]) << (8 * i) }
                let shift = UInt64(64 - 8 * width)
                element = .int(Int64(bitPattern: u << shift) >> shift)  // sign-extend
            }
            let backlenSize = backlenLength(encodedSize)
            let next = p + encodedSize + backlenSize
            guard next <= last else { throw StructureError(p, "listpack entry runs past the end") }
            guard let stored = decodeBacklen(lp, endingAt: next - 1, notBefore: 0), stored == encodedSize else {
                throw StructureError(p + encodedSize, "listpack backlen does not match the entry size \(encodedSize)")
            }
            try body(element, p)
            count += 1
            p = next
        }
        guard p == last else { throw StructureError(p, "listpack terminator before the end of the blob") }
        guard declaredCount == unknownCount || declaredCount == count else {
            throw StructureError(4, "listpack header counts \(declaredCount) elements, found \(count)")
        }
        return count
    }

    /// Bytes `lpEncodeBacklen` uses for a size (note the exclusive upper bounds).
    static func backlenLength(_ l: Int) -> Int {
        if l <= 127 { return 1 }
        if l < 16383 { return 2 }
        if l < 2_097_151 { return 3 }
        if l < 268_435_455 { return 4 }
        return 5
    }

    /// Reads a backlen backwards from its last byte; nil if longer than 5 bytes.
    static func decodeBacklen(_ lp: UnsafeRawBufferPointer, endingAt last: Int, notBefore floor: Int) -> Int? {
        var value = 0
        var shift = 0
        var i = last
        while true {
            guard i >= floor else { return nil }
            let b = lp[i]
            value |= Int(b & 127) << shift
            if b & 128 == 0 { return value }
            shift += 7
            i -= 1
            if shift > 28 { return nil }
        }
    }
}

/// Builds a listpack exactly as `lpAppend` would, element by element.
struct ListpackBuilder {
    private(set) var bytes: [UInt8] = [0, 0, 0, 0, 0, 0]
    private(set) var count = 0

    init() {}

    /// Size of the finished listpack (with its terminator): what Redis calls `lpBytes`.
    var finishedSize: Int { bytes.count + 1 }

    /// Appends a string, stored as an integer when it is one (`lpStringToInt64`).
    mutating func append(_ element: Bytes) {
        element.withUnsafeBytes { raw in
            if let v = parseStrictInt64(raw) {
                append(int: v)
            } else {
                appendString(raw)
            }
        }
    }

    mutating func append(int v: Int64) {
        let start = bytes.count
        switch v {
        case 0...127:
            bytes.append(UInt8(v))
        case -4096...4095:
            let u = v < 0 ? (1 << 13) + v : v
            bytes.append(UInt8(u >> 8) | 0xC0)
            bytes.append(UInt8(u & 0xff))
        case -32768...32767:
            appendLittleEndian(0xF1, UInt64(bitPattern: v), width: 2)
        case -8_388_608...8_388_607:
            appendLittleEndian(0xF2, UInt64(bitPattern: v), width: 3)
        case -2_147_483_648...2_147_483_647:
            appendLittleEndian(0xF3, UInt64(bitPattern: v), width: 4)
        default:
            appendLittleEndian(0xF4, UInt64(bitPattern: v), width: 8)
        }
        appendBacklen(bytes.count - start)
        count += 1
    }

    private mutating func appendLittleEndian(_ tag: UInt8, _ u: UInt64, width: Int) {
        bytes.append(tag)
        for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: u >> (8 * UInt64(i)))) }
    }

    private mutating func appendString(_ raw: UnsafeRawBufferPointer) {
        let start = bytes.count
        let n = raw.count
        if n < 64 {
            bytes.append(0x80 | UInt8(n))
        } else if n < 4096 {
            bytes.append(0xE0 | UInt8(n >> 8))
            bytes.append(UInt8(n & 0xff))
        } else {
            appendLittleEndian(0xF0, UInt64(n), width: 4)
        }
        bytes.append(contentsOf: raw)
        appendBacklen(bytes.count - start)
        count += 1
    }

    private mutating func appendBacklen(_ l: Int) {
        switch Listpack.backlenLength(l) {
        case 1:
            bytes.append(UInt8(l))
        case let n:
            // Most significant group first; every byte after the first has bit 7 set.
            for k in stride(from: n - 1, through: 0, by: -1) {
                let group = UInt8((l >> (7 * k)) & 127)
                bytes.append(k == n - 1 ? group : group | 128)
            }
        }
    }

    /// The finished listpack: header filled in, terminator appended.
    func finished() -> [UInt8] {
        var out = bytes
        out.append(Listpack.end)
        let total = UInt32(out.count)
        for i in 0..<4 { out[i] = UInt8(truncatingIfNeeded: total >> (8 * UInt32(i))) }
        let n = UInt16(min(count, Listpack.unknownCount))
        out[4] = UInt8(n & 0xff)
        out[5] = UInt8(n >> 8)
        return out
    }
}
