import RESP

/// Bytes being written in RDB format: the length and string encodings (`rdbSaveLen`,
/// `rdbSaveRawString`) over a growable buffer that the file encoder drains in chunks.
struct RDBWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ b: UInt8) {
        bytes.append(b)
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
    }

    mutating func append(_ array: [UInt8]) {
        bytes.append(contentsOf: array)
    }

    mutating func uint64LE(_ v: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    /// `rdbSaveBinaryDoubleValue`.
    mutating func binaryDouble(_ d: Double) {
        uint64LE(d.bitPattern)
    }

    /// `rdbSaveLen`: 6-bit, 14-bit, 32-bit or 64-bit (the last two big-endian).
    mutating func length(_ n: Int) {
        let len = UInt64(n)
        if len < 1 << 6 {
            bytes.append(UInt8(len))
        } else if len < 1 << 14 {
            bytes.append(UInt8(len >> 8) | 0x40)
            bytes.append(UInt8(len & 0xff))
        } else if len <= UInt64(UInt32.max) {
            bytes.append(0x80)
            for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: len >> UInt64(shift))) }
        } else {
            bytes.append(0x81)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: len >> UInt64(shift))) }
        }
    }

    /// `rdbSaveRawString`: a canonical integer of at most 11 bytes that fits 32 bits as
    /// `0xC0`-`0xC2`; otherwise, with `compression`, LZF when longer than 20 bytes and it
    /// saves at least 4; otherwise length and bytes.
    mutating func string(_ raw: UnsafeRawBufferPointer, compression: Bool) {
        let n = raw.count
        if n <= 11, let v = parseStrictInt64(raw), writeInteger(v) {
            return
        }
        if compression && n > 20, let packed = LZF.compress(raw, capacity: n - 4) {
            lzfBlob(packed, originalLength: n)
            return
        }
        length(n)
        append(raw)
    }

    mutating func string(_ s: Bytes, compression: Bool) {
        s.withUnsafeBytes { string($0, compression: compression) }
    }

    mutating func string(_ array: [UInt8], compression: Bool) {
        array.withUnsafeBytes { string($0, compression: compression) }
    }

    mutating func string(_ text: String, compression: Bool) {
        string(Bytes(text), compression: compression)
    }

    /// `rdbEncodeInteger`: false when `v` needs more than 32 bits.
    private mutating func writeInteger(_ v: Int64) -> Bool {
        if v >= -(1 << 7) && v <= (1 << 7) - 1 {
            bytes.append(0xC0)
            bytes.append(UInt8(truncatingIfNeeded: v))
        } else if v >= -(1 << 15) && v <= (1 << 15) - 1 {
            bytes.append(0xC1)
            for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * Int64(i)))) }
        } else if v >= -(1 << 31) && v <= (1 << 31) - 1 {
            bytes.append(0xC2)
            for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * Int64(i)))) }
        } else {
            return false
        }
        return true
    }

    /// `rdbSaveLzfBlob`: `0xC3 <compressed length> <original length> <data>`.
    mutating func lzfBlob(_ compressed: [UInt8], originalLength: Int) {
        bytes.append(0xC3)
        length(compressed.count)
        length(originalLength)
        append(compressed)
    }
}
