import Crypto
import RESP

/// DEBUG DIGEST and DEBUG DIGEST-VALUE, byte-identical to Redis 7.0's (`debug.c`).
///
/// Built from two SHA1 steps: `xorDigest` adds SHA1(data) into the digest (order does not
/// matter: set members, hash and sorted set elements, keys), `mixDigest` replaces the digest
/// with SHA1(digest xor SHA1(data)) (order matters: list elements, a key and its value).
/// Composite elements are mixed into a digest of their own, whose SHA1 is then xor-ed in.
public enum Digest {
    /// `xorObjectDigest` of one value, from a zero digest: 20 bytes. `expireAt` is the key's
    /// expiry in unix ms, or -1 (any negative) for none.
    public static func value(_ value: RedisValue, expireAt: Int64) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        addValue(value, expireAt: expireAt, to: &digest)
        return digest
    }

    /// `computeDatasetDigest`: 20 bytes, all zero when every database is empty.
    public static func dataset(_ databases: [Database]) -> [UInt8] {
        var final = [UInt8](repeating: 0, count: 20)
        for db in databases where db.count > 0 {
            mix(&final, bigEndian32: UInt32(truncatingIfNeeded: db.id))
            db.table.forEach { key, entry in
                var digest = [UInt8](repeating: 0, count: 20)
                key.withUnsafeBytes { mix(&digest, $0) }
                addValue(entry.value, expireAt: entry.expireAt, to: &digest)
                xor(&final, hashOf: digest)
            }
        }
        return final
    }

    /// Redis's type numbers (`OBJ_STRING` ...), hashed first.
    static func typeCode(_ value: RedisValue) -> UInt32 {
        switch value {
        case .string: return 0
        case .list: return 1
        case .set: return 2
        case .zset: return 3
        case .hash: return 4
        }
    }

    static func addValue(_ value: RedisValue, expireAt: Int64, to digest: inout [UInt8]) {
        mix(&digest, bigEndian32: typeCode(value))
        switch value {
        case .string(let s):
            s.withUnsafeBytes { mix(&digest, $0) }
        case .list(let list):
            for item in list.items { item.withUnsafeBytes { mix(&digest, $0) } }
        case .set(let set):
            set.forEach { member in member.withUnsafeBytes { xor(&digest, hashOf: $0) } }
        case .zset(let zset):
            // Member then score as "%.17g", per element, xor-ed together.
            zset.ordered.forEach { e in
                var element = [UInt8](repeating: 0, count: 20)
                e.member.withUnsafeBytes { mix(&element, $0) }
                mix(&element, Array(RedisDoubleFormat.g17(e.score).utf8))
                xor(&digest, hashOf: element)
            }
        case .hash(let hash):
            hash.forEach { field, value in
                var element = [UInt8](repeating: 0, count: 20)
                field.withUnsafeBytes { mix(&element, $0) }
                value.withUnsafeBytes { mix(&element, $0) }
                xor(&digest, hashOf: element)
            }
        }
        if expireAt >= 0 { xor(&digest, hashOf: Array("!!expire!!".utf8)) }
    }

    /// `xorDigest`: digest ^= SHA1(data).
    static func xor(_ digest: inout [UInt8], hashOf raw: UnsafeRawBufferPointer) {
        var h = Insecure.SHA1()
        h.update(bufferPointer: raw)
        h.finalize().withUnsafeBytes { hash in
            for i in 0..<20 { digest[i] ^= hash[i] }
        }
    }

    static func xor(_ digest: inout [UInt8], hashOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { xor(&digest, hashOf: $0) }
    }

    /// `mixDigest`: digest = SHA1(digest xor SHA1(data)).
    static func mix(_ digest: inout [UInt8], _ raw: UnsafeRawBufferPointer) {
        xor(&digest, hashOf: raw)
        var h = Insecure.SHA1()
        digest.withUnsafeBytes { h.update(bufferPointer: $0) }
        h.finalize().withUnsafeBytes { hash in
            for i in 0..<20 { digest[i] = hash[i] }
        }
    }

    static func mix(_ digest: inout [UInt8], _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { mix(&digest, $0) }
    }

    static func mix(_ digest: inout [UInt8], bigEndian32 v: UInt32) {
        mix(&digest, [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)])
    }
}
