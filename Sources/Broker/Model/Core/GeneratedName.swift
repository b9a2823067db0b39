/// Names the server makes up: `amq.gen-…` queues and `amq.ctag-…` consumer tags, as
/// rabbit_guid:binary(gen_secure(), Prefix) — the prefix, a dash, and 16 random bytes in
/// url-safe base64 without padding (22 characters).
public enum GeneratedName {
    public static func queue<R: RandomNumberGenerator>(using generator: inout R) -> String {
        make(prefix: "amq.gen", using: &generator)
    }

    public static func consumerTag<R: RandomNumberGenerator>(using generator: inout R) -> String {
        make(prefix: "amq.ctag", using: &generator)
    }

    public static func make<R: RandomNumberGenerator>(prefix: String, using generator: inout R) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            var word = generator.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return prefix + "-" + base64URL(bytes)
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Url-safe base64 without `=` padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
