/// SplitMix64, seeded once per downstream connection: routing draws, trace ids and request
/// ids need no cryptographic quality, and the system generator costs a getrandom(2) per draw.
/// Confined to the connection's event loop.
final class FastRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64 = UInt64.random(in: 0 ... .max)) { state = seed }

    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A draw in 0..<1.
    func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A non-zero 64-bit B3 id as 16 lower-hex digits.
    func traceID() -> String {
        let value = next() | 1
        return String(unsafeUninitializedCapacity: 16) { Self.writeHex(value, digits: 16, into: $0, at: 0) }
    }

    /// A version-4 UUID in lower case, as Envoy's request ids look.
    func uuid() -> String {
        let high = (next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        // 8-4-4-4-12 hex digits: high = groups 1–3, low = groups 4–5.
        return String(unsafeUninitializedCapacity: 36) { buffer in
            _ = Self.writeHex(high >> 32, digits: 8, into: buffer, at: 0)
            buffer[8] = UInt8(ascii: "-")
            _ = Self.writeHex(high >> 16, digits: 4, into: buffer, at: 9)
            buffer[13] = UInt8(ascii: "-")
            _ = Self.writeHex(high, digits: 4, into: buffer, at: 14)
            buffer[18] = UInt8(ascii: "-")
            _ = Self.writeHex(low >> 48, digits: 4, into: buffer, at: 19)
            buffer[23] = UInt8(ascii: "-")
            return Self.writeHex(low, digits: 12, into: buffer, at: 24)
        }
    }

    /// Writes the low `digits` hex digits of `value` at `offset`; returns the end offset.
    private static func writeHex(_ value: UInt64, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        let alphabet: StaticString = "0123456789abcdef"
        var rest = value
        for index in stride(from: offset + digits - 1, through: offset, by: -1) {
            buffer[index] = alphabet.utf8Start[Int(rest & 0xF)]
            rest >>= 4
        }
        return offset + digits
    }
}
