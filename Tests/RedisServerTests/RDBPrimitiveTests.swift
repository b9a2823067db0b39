import Testing

@testable import RedisServer

/// The building blocks: CRC64, LZF, RDB lengths and strings, listpacks, intsets, ziplists,
/// zipmaps.
@Suite struct RDBPrimitiveTests {
    /// Deterministic pseudo-random bytes (xorshift), optionally from a small alphabet so
    /// that LZF finds matches.
    static func noise(_ n: Int, seed: UInt64, alphabet: Int = 256) -> [UInt8] {
        var x = seed | 1
        return (0..<n).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(x % UInt64(alphabet))
        }
    }

    // MARK: CRC64

    @Test func crc64CheckValue() {
        #expect(CRC64.checksum(Array("123456789".utf8)) == 0xe9c6_d914_c4b8_d9ca)
        #expect(CRC64.checksum([]) == 0)
    }

    /// Slicing-by-8 agrees with the bit-at-a-time definition, whole or in pieces.
    @Test func crc64MatchesBitwiseDefinition() {
        func bitwise(_ data: [UInt8]) -> UInt64 {
            var crc: UInt64 = 0
            for b in data {
                crc ^= UInt64(b)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x95ac_9329_ac4b_c9b5 : crc >> 1 }
            }
            return crc
        }
        for n in [1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            let data = Self.noise(n, seed: UInt64(n))
            #expect(CRC64.checksum(data) == bitwise(data), "length \(n)")
            var pieces = CRC64()
            var i = 0
            while i < n {
                let j = min(n, i + 1 + i % 11)
                pieces.update(Array(data[i..<j]))
                i = j
            }
            #expect(pieces.value == bitwise(data), "length \(n) in pieces")
        }
    }

    // MARK: LZF

    @Test(arguments: [21, 100, 4096, 70000])
    func lzfRoundTrip(_ n: Int) throws {
        for (seed, alphabet) in [(1 as UInt64, 4), (2, 16), (3, 256)] {
            let data = Self.noise(n, seed: seed, alphabet: alphabet)
            guard let packed = data.withUnsafeBytes({ LZF.compress($0, capacity: n + n / 16 + 64) }) else {
                Issue.record("compress refused \(n) bytes from \(alphabet) symbols")
                continue
            }
            if alphabet == 4 && n >= 4096 { #expect(packed.count < n * 3 / 4) }
            let out = try packed.withUnsafeBytes { try LZF.decompress($0, expectedLength: n) }
            #expect(out == data)
        }
    }

    /// The hash table is reused between calls; what came before must not change the output.
    @Test func lzfOutputDoesNotDependOnEarlierCalls() {
        let inputs = (0..<6).map { Self.noise(300 + 50 * $0, seed: UInt64($0 + 20), alphabet: 3 + $0) }
        let alone = inputs.map { input in
            LZFCompressor().compress(input.withUnsafeBytes { $0 }, capacity: input.count)
        }
        let shared = LZFCompressor()
        for _ in 0..<3 {
            for (i, input) in inputs.enumerated() {
                #expect(input.withUnsafeBytes { shared.compress($0, capacity: input.count) } == alone[i])
            }
        }
    }

    @Test func lzfCompressRefusesWhenItDoesNotFit() {
        let random = Self.noise(200, seed: 9)
        #expect(random.withUnsafeBytes { LZF.compress($0, capacity: 196) } == nil)
        let runs = [UInt8](repeating: 7, count: 200)
        let packed = runs.withUnsafeBytes { LZF.compress($0, capacity: 196) }
        #expect(packed != nil && packed!.count < 10)
    }

    /// The exact bytes liblzf produces (taken from a DUMP of a 300-byte "abcabc..." by Redis).
    @Test func lzfMatchesLiblzfOutput() throws {
        let input = Array(String(repeating: "abc", count: 100).utf8)
        let packed = try #require(input.withUnsafeBytes { LZF.compress($0, capacity: input.count - 4) })
        let dump = try #require(try RDBFixture.dumps().first(where: { $0.key == "string:lzf" })?.payload)
        // DUMP: type 0, 0xC3, compressed length, original length (14-bit: 0x41 0x2c), data.
        #expect(Array(dump[0..<2]) == [0, 0xC3])
        #expect(Int(dump[2]) == packed.count)
        #expect(Array(dump[3..<5]) == [0x41, 0x2c])
        #expect(Array(dump[5..<(5 + packed.count)]) == packed)
    }

    @Test func lzfDecompressRejectsBadInput() {
        func run(_ input: [UInt8], _ outLength: Int) -> LZF.DecompressError? {
            do {
                _ = try input.withUnsafeBytes { try LZF.decompress($0, expectedLength: outLength) }
                return nil
            } catch let error as LZF.DecompressError {
                return error
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        // Literal run of 4 with only 2 bytes present.
        guard case .truncatedInput(0)? = run([3, 1, 2], 10) else { Issue.record("truncated literal accepted"); return }
        // Back reference with nothing before it.
        guard case .referenceBeforeStart(0)? = run([0x20, 0x00], 10) else { Issue.record("bad reference accepted"); return }
        // A literal run larger than the declared output.
        guard case .outputOverflow(0)? = run([3, 1, 2, 3, 4], 2) else { Issue.record("overflow accepted"); return }
        // Reference missing its distance byte.
        guard case .truncatedInput(2)? = run([0, 65, 0x20], 10) else { Issue.record("cut reference accepted"); return }
    }

    // MARK: RDB lengths and strings

    @Test func lengthsRoundTrip() throws {
        let cases: [(Int, [UInt8])] = [
            (0, [0x00]), (63, [0x3f]), (64, [0x40, 0x40]), (16383, [0x7f, 0xff]),
            (16384, [0x80, 0x00, 0x00, 0x40, 0x00]), (Int(UInt32.max), [0x80, 0xff, 0xff, 0xff, 0xff]),
            (1 << 32, [0x81, 0, 0, 0, 1, 0, 0, 0, 0]),
        ]
        for (n, bytes) in cases {
            var w = RDBWriter()
            w.length(n)
            #expect(w.bytes == bytes, "length \(n)")
            let back = try w.bytes.withUnsafeBytes { raw in
                var r = RDBReader(raw)
                return try r.length()
            }
            #expect(back == n)
        }
    }

    @Test func stringEncodingsAsRedisWritesThem() throws {
        func encoded(_ s: String, compression: Bool = true) -> [UInt8] {
            var w = RDBWriter()
            w.string(s, compression: compression)
            return w.bytes
        }
        #expect(encoded("12") == [0xC0, 12])
        #expect(encoded("-128") == [0xC0, 0x80])
        #expect(encoded("-129") == [0xC1, 0x7f, 0xff])
        #expect(encoded("32768") == [0xC2, 0x00, 0x80, 0x00, 0x00])
        #expect(encoded("2147483647") == [0xC2, 0xff, 0xff, 0xff, 0x7f])
        #expect(encoded("-2147483648") == [0xC2, 0x00, 0x00, 0x00, 0x80])
        #expect(encoded("2147483648") == [10] + Array("2147483648".utf8))
        #expect(encoded("007") == [3] + Array("007".utf8))
        #expect(encoded("") == [0])
        let long = String(repeating: "a", count: 40)
        #expect(encoded(long).first == 0xC3)
        #expect(encoded(long, compression: false) == [40] + Array(long.utf8))
        // 20 bytes are never compressed, however repetitive.
        #expect(encoded(String(repeating: "a", count: 20)).first == 20)

        for s in ["12", "-129", "2147483648", "007", "", long, String(repeating: "xy", count: 5000)] {
            for compression in [true, false] {
                let back = try encoded(s, compression: compression).withUnsafeBytes { raw in
                    var r = RDBReader(raw)
                    let v = try r.string()
                    #expect(r.isAtEnd)
                    return v
                }
                #expect(back == Bytes(s))
            }
        }
    }

    // MARK: Listpacks

    static let boundaryInts: [Int64] = [
        0, 127, 128, -1, -4096, 4095, -4097, 4096, 32767, -32768, 32768, -32769, 8_388_607, -8_388_608,
        8_388_608, 2_147_483_647, -2_147_483_648, 2_147_483_648, .max, .min,
    ]

    @Test func listpackRoundTripEveryEncoding() throws {
        var lp = ListpackBuilder()
        var expected: [Bytes] = []
        for v in Self.boundaryInts {
            lp.append(Bytes(v))
            expected.append(Bytes(v))
        }
        for n in [0, 1, 63, 64, 4095, 4096, 16378] {
            let s = Bytes(String(repeating: "s", count: n))
            lp.append(s)
            expected.append(s)
        }
        for text in ["007", "-0", "+1", " 1", "1 ", "9223372036854775808", "1.5"] {
            lp.append(Bytes(text))
            expected.append(Bytes(text))
        }
        let bytes = lp.finished()
        var got: [Bytes] = []
        var kinds: [Bool] = []
        let count = try bytes.withUnsafeBytes { raw in
            try Listpack.forEach(raw) { e, _ in
                got.append(e.bytes)
                if case .int = e { kinds.append(true) } else { kinds.append(false) }
            }
        }
        #expect(count == expected.count)
        #expect(got == expected)
        // Integers are stored as integers, everything else (non-canonical text) as strings.
        #expect(kinds == Array(repeating: true, count: Self.boundaryInts.count) + Array(repeating: false, count: 14))
    }

    @Test func listpackBytesAsRedisWritesThem() {
        var lp = ListpackBuilder()
        lp.append("a")
        lp.append("5")
        lp.append("-1")
        lp.append("1000")
        #expect(lp.finished() == [
            18, 0, 0, 0, 4, 0,
            0x81, 0x61, 2,  // 6-bit string "a", backlen 2
            0x05, 1,  // 7-bit uint 5
            0xDF, 0xFF, 2,  // 13-bit int -1
            0xC3, 0xE8, 2,  // 13-bit int 1000
            0xFF,
        ])
    }

    /// `lpEncodeBacklen`'s exclusive bounds: an entry of 16383 bytes takes a 3-byte backlen.
    @Test func listpackBacklenBoundaries() throws {
        #expect(Listpack.backlenLength(127) == 1)
        #expect(Listpack.backlenLength(128) == 2)
        #expect(Listpack.backlenLength(16382) == 2)
        #expect(Listpack.backlenLength(16383) == 3)
        var lp = ListpackBuilder()
        lp.append(Bytes(String(repeating: "z", count: 16378)))  // 5 + 16378 = 16383
        let bytes = lp.finished()
        #expect(Array(bytes[(bytes.count - 4)...]) == [0x00, 0xFF, 0xFF, 0xFF])
        #expect(try bytes.withUnsafeBytes { try Listpack.forEach($0) { _, _ in } } == 1)
    }

    @Test func listpackCountAbove65535IsUnknown() throws {
        var lp = ListpackBuilder()
        for i in 0..<70000 { lp.append(int: Int64(i % 100)) }
        let bytes = lp.finished()
        #expect(bytes[4] == 0xff && bytes[5] == 0xff)
        #expect(try bytes.withUnsafeBytes { try Listpack.forEach($0) { _, _ in } } == 70000)
    }

    @Test func listpackValidationErrors() {
        var lp = ListpackBuilder()
        lp.append("hello")
        lp.append("42")
        let good = lp.finished()
        func reason(_ bytes: [UInt8]) -> String? {
            do {
                try bytes.withUnsafeBytes { _ = try Listpack.forEach($0) { _, _ in } }
                return nil
            } catch let error as StructureError {
                return error.reason
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        #expect(reason(good) == nil)
        var b = good
        b[0] &+= 1
        #expect(reason(b)?.contains("header says") == true)
        b = good
        b[b.count - 1] = 0
        #expect(reason(b)?.contains("does not end") == true)
        b = good
        b[4] = 3
        #expect(reason(b)?.contains("counts 3 elements, found 2") == true)
        b = good
        b[12] = 7  // backlen of "hello" (size 6)
        #expect(reason(b)?.contains("backlen") == true)
        b = good
        b[6] = 0xF5
        #expect(reason(b)?.contains("invalid listpack entry encoding") == true)
        b = good
        b[6] = 0x80 | 40  // "hello" now claims 40 bytes
        #expect(reason(b)?.contains("past the end") == true)
        #expect(reason([7, 0, 0, 0, 0, 0]) != nil)
        #expect(reason([7, 0, 0, 0, 0, 0, 0xFF]) == nil)
    }

    // MARK: Intsets

    @Test func intsetWidthsAndRoundTrip() throws {
        for (ints, width) in [([1, 2, 3] as [Int64], 2), ([-40000, 5], 4), ([1, 5_000_000_000], 8), ([.min, .max], 8)] {
            let blob = Intset.encode(ints)
            #expect(blob.count == 8 + ints.count * width)
            #expect(Int(blob[0]) == width)
            #expect(try blob.withUnsafeBytes { try Intset.decode($0) } == ints)
        }
    }

    @Test func intsetValidationErrors() {
        func reason(_ blob: [UInt8]) -> String? {
            do {
                _ = try blob.withUnsafeBytes { try Intset.decode($0) }
                return nil
            } catch let error as StructureError {
                return error.reason
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        #expect(reason(Intset.encode([3, 1]))?.contains("not strictly ascending") == true)
        #expect(reason(Intset.encode([1, 1]))?.contains("not strictly ascending") == true)
        #expect(reason(Intset.encode([]))?.contains("empty") == true)
        var b = Intset.encode([1, 2])
        b[0] = 3
        #expect(reason(b)?.contains("unknown intset encoding") == true)
        b = Intset.encode([1, 2])
        b[4] = 3
        #expect(reason(b)?.contains("cannot be") == true)
        #expect(reason([2, 0, 0]) != nil)
    }

    // MARK: Ziplists and zipmaps

    @Test func ziplistEveryEncoding() throws {
        let ints: [Int64] = [0, 12, 13, -1, 127, -128, 128, 32767, -32768, 32768, 8_388_607, -8_388_608, 8_388_608, .max, .min]
        let strings = [[UInt8](), Array("x".utf8), [UInt8](repeating: 1, count: 63), [UInt8](repeating: 2, count: 64),
                       [UInt8](repeating: 3, count: 300), [UInt8](repeating: 4, count: 16384)]
        let elements = ints.map { LegacyEncodings.Element.int($0) } + strings.map { .string($0) }
        let zl = LegacyEncodings.ziplist(elements)
        var got: [Bytes] = []
        try zl.withUnsafeBytes { _ = try Ziplist.forEach($0) { e, _ in got.append(e.bytes) } }
        #expect(got == ints.map { Bytes($0) } + strings.map { Bytes($0) })
    }

    @Test func ziplistValidationErrors() {
        let good = LegacyEncodings.ziplist([.string(Array("ab".utf8)), .int(5), .string(Array("cd".utf8))])
        func reason(_ bytes: [UInt8]) -> String? {
            do {
                try bytes.withUnsafeBytes { _ = try Ziplist.forEach($0) { _, _ in } }
                return nil
            } catch let error as StructureError {
                return error.reason
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        #expect(reason(good) == nil)
        var b = good
        b[8] = 2
        #expect(reason(b)?.contains("counts 2 elements") == true)
        b = good
        b[4] = 10
        #expect(reason(b)?.contains("tail offset") == true)
        b = good
        b[14] = 9  // prevlen of the second entry
        #expect(reason(b)?.contains("prevlen") == true)
        b = good
        b[11] = 0xC5  // invalid encoding of the first entry
        #expect(reason(b)?.contains("invalid ziplist entry encoding") == true)
        b = good
        b[0] = 99
        #expect(reason(b)?.contains("header says") == true)
    }

    @Test func zipmapPairsAndErrors() throws {
        let long = [UInt8](repeating: 9, count: 300)
        let zm = LegacyEncodings.zipmap([(Array("f".utf8), Array("v".utf8)), (long, Array("w".utf8))], free: 2)
        let pairs = try zm.withUnsafeBytes { try Zipmap.pairs($0) }
        #expect(pairs.map(\.field) == ["f", Bytes(long)])
        #expect(pairs.map(\.value) == ["v", "w"])
        var b = zm
        b[0] = 5
        #expect(throws: StructureError.self) { try b.withUnsafeBytes { _ = try Zipmap.pairs($0) } }
        #expect(throws: StructureError.self) { try [0, 0xFF].withUnsafeBytes { _ = try Zipmap.pairs($0) } }
        b = zm
        b[1] = 200  // first field length past the end
        #expect(throws: StructureError.self) { try b.withUnsafeBytes { _ = try Zipmap.pairs($0) } }
    }
}
