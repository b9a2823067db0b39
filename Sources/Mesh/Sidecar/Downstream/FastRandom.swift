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
    func traceID() -> String { Self.hex(next() | 1, digits: 16) }

    /// A version-4 UUID in lower case, as Envoy's request ids look.
    func uuid() -> String {
        let high = (next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let a = Self.hex(high, digits: 16), b = Self.hex(low, digits: 16)
        return "\(a.prefix(8))-\(a.dropFirst(8).prefix(4))-\(a.suffix(4))-\(b.prefix(4))-\(b.suffix(12))"
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return text.count >= digits ? text : String(repeating: "0", count: digits - text.count) + text
    }
}
