@testable import RESP
import Testing

@testable import RedisServer

/// CLUSTER KEYSLOT values from a live redis-server 7.0.15 (`--cluster-enabled yes`).
@Suite struct ClusterKeySlotTests {
    static let fromRedis: [([UInt8], Int)] = [
        (Array("foo".utf8), 12182),
        (Array("bar".utf8), 5061),
        ([], 0),
        (Array("a".utf8), 15495),
        (Array("{user1000}.following".utf8), 3443),
        (Array("user1000".utf8), 3443),
        (Array("{user1000}.followers".utf8), 3443),
        (Array("foo{}{bar}".utf8), 8363),  // empty tag: the whole key
        (Array("foo{{bar}}zap".utf8), 4015),  // tag is "{bar"
        (Array("{bar".utf8), 4015),
        (Array("foo{bar}{zap}".utf8), 5061),  // first tag only: "bar"
        (Array("{}".utf8), 15257),
        (Array("}{".utf8), 12793),
        (Array("{a}".utf8), 15495),
        (Array("a{b}c".utf8), 3300),
        (Array("123456789".utf8), 12739),
        (Array("key:000000001234".utf8), 16382),
        ([0xFF, 0x00] + Array("bin{".utf8) + [0x00] + Array("}x".utf8), 0),  // binary tag "\0"
        (Array(repeating: UInt8(ascii: "x"), count: 100), 2134),
        (Array("{{{}".utf8), 7007),
        (Array("abc{".utf8), 3048),
        (Array("abc}{def}".utf8), 16148),
    ]

    @Test(arguments: fromRedis)
    func slotMatchesRedis(key: [UInt8], slot: Int) {
        #expect(KeySlot.slot(for: Bytes(key)) == slot, "\(String(decoding: key, as: UTF8.self))")
        #expect(key.withUnsafeBytes { HashSlot.slot(forRaw: $0) } == slot)
        #expect(HashSlot.slot(for: String(decoding: key, as: UTF8.self)) == slot || !key.allSatisfy { $0 < 0x80 })
    }

    @Test func crc16IsXmodem() {
        #expect(Array("123456789".utf8).withUnsafeBytes { HashSlot.crc16($0) } == 0x31C3)
        #expect([UInt8]().withUnsafeBytes { HashSlot.crc16($0) } == 0)
    }

    /// The table is the polynomial 0x1021 applied bit by bit, and table-driven CRC equals the
    /// bitwise one on random inputs.
    @Test func tableMatchesBitwiseCRC() {
        func bitwise(_ bytes: [UInt8]) -> UInt16 {
            var crc: UInt16 = 0
            for byte in bytes {
                crc ^= UInt16(byte) << 8
                for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
            }
            return crc
        }
        for i in 0..<256 {
            var crc = UInt16(i) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
            #expect(HashSlot.crc16Table[i] == crc, "entry \(i)")
        }
        var rng = SystemRandomNumberGenerator()
        for length in [1, 2, 7, 23, 24, 64, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(bytes.withUnsafeBytes { HashSlot.crc16($0) } == bitwise(bytes))
        }
    }

    /// Long (heap) and short (inline) keys take the same path.
    @Test func inlineAndHeapKeysAgree() {
        let tag = "{shared}"
        let short = Bytes(tag + "a")
        let long = Bytes(tag + String(repeating: "z", count: 200))
        #expect(KeySlot.slot(for: short) == KeySlot.slot(for: long))
        #expect(KeySlot.slot(for: short) == KeySlot.slot(for: Bytes("shared")))
    }
}
