/// SplitMix64: a small, fast generator whose sequence is fixed by its seed, so a suite's
/// `seed` reproduces its fault choices and workload.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// An independent generator for a sub-task (a client, the nemesis) derived from this seed.
    public func derived(_ stream: UInt64) -> SeededRandom {
        var copy = SeededRandom(seed: state ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = copy.next()
        return copy
    }

    /// A seed for sub-task `stream` of a run seeded with `seed`.
    public static func seed(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var random = SeededRandom(seed: seed).derived(stream)
        return random.next()
    }
}
