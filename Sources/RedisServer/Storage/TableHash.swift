/// Keys of `HashTable`: hashed by an inlinable, per-process-seeded function instead of
/// Swift's `Hasher`. SipHash through `Hasher` is an opaque call, which both costs more and
/// forces the optimiser to keep the table's buffers retained around every lookup; a
/// wyhash-style multiply-mix over whole words needs neither. The random seed keeps the
/// property Redis gets from SipHash: clients cannot precompute colliding keys.
public protocol TableKey: Hashable {
    func tableHash(seed: UInt64) -> UInt64
}

/// The process's hash seed (random at start).
public enum TableHashSeed {
    public static let value: UInt64 = {
        var g = SystemRandomNumberGenerator()
        return g.next() | 1
    }()
}

@inline(__always)
func wyMix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let p = a.multipliedFullWidth(by: b)
    return p.high ^ p.low
}

extension Bytes: TableKey {
    @inline(__always)
    public func tableHash(seed: UInt64) -> UInt64 {
        switch storage {
        case .inline(let a, let b, let c):
            // `c` carries the length in its top byte, so lengths are mixed in.
            return wyMix(a ^ seed ^ 0xa076_1d64_78bd_642f, b ^ 0xe703_7ed1_a0b4_28db) ^ wyMix(c ^ seed, 0x8ebc_6af0_9c88_c6e3)
        case .heap(let array):
            return array.withUnsafeBytes { raw in Self.hashBytes(raw, seed: seed) }
        }
    }

    @inline(__always)
    static func hashBytes(_ raw: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ UInt64(raw.count) &* 0x8ebc_6af0_9c88_c6e3
        var i = 0
        let n = raw.count
        while i + 16 <= n {
            let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            h = wyMix(a ^ h ^ 0xa076_1d64_78bd_642f, b ^ 0xe703_7ed1_a0b4_28db)
            i += 16
        }
        var a: UInt64 = 0
        var b: UInt64 = 0
        var shift: UInt64 = 0
        while i < n && shift < 64 {
            a |= UInt64(raw[i]) << shift
            shift += 8
            i += 1
        }
        shift = 0
        while i < n {
            b |= UInt64(raw[i]) << shift
            shift += 8
            i += 1
        }
        return wyMix(a ^ h ^ 0x5899_65cc_7537_4cc3, b ^ 0x1d8e_4e27_c47d_124f)
    }
}
