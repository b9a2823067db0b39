@testable import RedisServer

/// Writers for encodings Redis 7.0 only reads (ziplists, zipmaps, old value types), so the
/// decoder's legacy paths can be fed well-formed and deliberately broken input.
enum LegacyEncodings {
    enum Element {
        case string([UInt8])
        case int(Int64)
    }

    /// A ziplist as Redis 6 would have written it (smallest integer encodings, strings
    /// otherwise).
    static func ziplist(_ elements: [Element]) -> [UInt8] {
        var body: [UInt8] = []
        var previousSize = 0
        var tail = 10
        for element in elements {
            tail = 10 + body.count
            var entry: [UInt8] = []
            if previousSize < 254 {
                entry.append(UInt8(previousSize))
            } else {
                entry.append(0xFE)
                entry += le(UInt64(previousSize), 4)
            }
            switch element {
            case .string(let s):
                if s.count <= 0x3f {
                    entry.append(UInt8(s.count))
                } else if s.count <= 0x3fff {
                    entry += [0x40 | UInt8(s.count >> 8), UInt8(s.count & 0xff)]
                } else {
                    entry += [0x80, UInt8(s.count >> 24), UInt8((s.count >> 16) & 0xff), UInt8((s.count >> 8) & 0xff), UInt8(s.count & 0xff)]
                }
                entry += s
            case .int(let v):
                switch v {
                case 0...12: entry.append(0xF1 + UInt8(v))
                case -128...127: entry += [0xFE] + le(UInt64(bitPattern: v), 1)
                case -32768...32767: entry += [0xC0] + le(UInt64(bitPattern: v), 2)
                case -8_388_608...8_388_607: entry += [0xF0] + le(UInt64(bitPattern: v), 3)
                case -2_147_483_648...2_147_483_647: entry += [0xD0] + le(UInt64(bitPattern: v), 4)
                default: entry += [0xE0] + le(UInt64(bitPattern: v), 8)
                }
            }
            previousSize = entry.count
            body += entry
        }
        let total = 10 + body.count + 1
        return le(UInt64(total), 4) + le(UInt64(tail), 4) + le(UInt64(min(elements.count, 65535)), 2) + body + [0xFF]
    }

    /// A zipmap of field/value pairs, with `free` spare bytes after each value.
    static func zipmap(_ pairs: [([UInt8], [UInt8])], free: Int = 0) -> [UInt8] {
        var out: [UInt8] = [UInt8(min(pairs.count, 254))]
        func len(_ n: Int) -> [UInt8] { n < 254 ? [UInt8(n)] : [254] + le(UInt64(n), 4) }
        for (f, v) in pairs {
            out += len(f.count) + f + len(v.count) + [UInt8(free)] + v + [UInt8](repeating: 0, count: free)
        }
        return out + [0xFF]
    }

    static func le(_ v: UInt64, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
    }

    /// An RDB string holding `bytes` raw (length + data).
    static func rdbString(_ bytes: [UInt8]) -> [UInt8] {
        var w = RDBWriter()
        w.length(bytes.count)
        w.append(bytes)
        return w.bytes
    }

    static func rdbString(_ s: String) -> [UInt8] { rdbString(Array(s.utf8)) }

    static func rdbLength(_ n: Int) -> [UInt8] {
        var w = RDBWriter()
        w.length(n)
        return w.bytes
    }

    /// A DUMP payload around `body` (type byte + value), with a correct footer.
    static func payload(_ type: UInt8, _ body: [UInt8], version: UInt16 = 10) -> [UInt8] {
        var out = [type] + body + le(UInt64(version), 2)
        out += le(CRC64.checksum(out), 8)
        return out
    }

    static func restore(_ payload: [UInt8], limits: EncodingLimits = EncodingLimits()) throws -> RedisValue {
        try payload.withUnsafeBytes { try RDBDecoder.restorePayload($0, limits: limits) }
    }
}
