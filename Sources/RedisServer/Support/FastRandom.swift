/// A fast non-cryptographic generator (wyrand) for sampling: RANDOMKEY, SPOP, SRANDMEMBER,
/// active expiry. Seeded once from the system generator; the system generator itself costs a
/// syscall per call on Linux.
public struct FastRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64? = nil) {
        var system = SystemRandomNumberGenerator()
        state = seed ?? system.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0xa076_1d64_78bd_642f
        let product = state.multipliedFullWidth(by: state ^ 0xe703_7ed1_a0b4_28db)
        return product.high ^ product.low
    }
}
