/// CRC-64/Jones as Redis computes it (`crc64.c`): polynomial 0xad93d23594c935a9, reflected
/// input and output, initial value 0, no final xor. Check value: "123456789" -> 0xe9c6d914c4b8d9ca.
///
/// Slicing-by-8 (eight 256-entry tables, stored one after the other) so that checksumming a
/// large snapshot costs little next to writing it.
public struct CRC64: Sendable {
    public private(set) var value: UInt64

    public init(_ initial: UInt64 = 0) { value = initial }

    /// The reflected form of the polynomial.
    static let reflectedPolynomial: UInt64 = 0x95ac_9329_ac4b_c9b5

    /// Table k (entries k*256 ..< (k+1)*256) advances a byte through k more zero bytes.
    static let table: [UInt64] = {
        var t = [UInt64](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt64(i)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1
            }
            t[i] = crc
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xff)]
            }
        }
        return t
    }()

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var crc = value
        Self.table.withUnsafeBufferPointer { t in
            var i = 0
            while i + 8 <= n {
                crc ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                crc = t[7 * 256 + Int(crc & 0xff)] ^ t[6 * 256 + Int((crc >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((crc >> 16) & 0xff)] ^ t[4 * 256 + Int((crc >> 24) & 0xff)]
                    ^ t[3 * 256 + Int((crc >> 32) & 0xff)] ^ t[2 * 256 + Int((crc >> 40) & 0xff)]
                    ^ t[256 + Int((crc >> 48) & 0xff)] ^ t[Int(crc >> 56)]
                i += 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) & 0xff)] ^ (crc >> 8)
                i += 1
            }
        }
        value = crc
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var crc = CRC64()
        crc.update(bytes)
        return crc.value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
