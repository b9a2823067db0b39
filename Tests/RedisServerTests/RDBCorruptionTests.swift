import Testing

@testable import RedisServer

/// Broken input is an `RDBError` naming an offset and a reason, never a crash, a hang or a
/// silently wrong value.
@Suite struct RDBCorruptionTests {
    typealias L = LegacyEncodings

    /// A file: "REDIS" + version, `body`, EOF, and a correct CRC (or none before version 5).
    static func file(_ body: [UInt8], version: String = "0010", checksum: Bool = true) -> [UInt8] {
        var out = Array("REDIS\(version)".utf8) + body + [RDBFormat.Opcode.eof]
        if (Int(version) ?? 10) >= 5 { out += L.le(checksum ? CRC64.checksum(out) : 0, 8) }
        return out
    }

    static func decodeError(_ bytes: [UInt8], databases: Int = 16) -> RDBError? {
        expectRDBError { _ = try RDBFixture.decode(bytes, databases: databases) }
    }

    static func restoreError(_ payload: [UInt8]) -> RDBError? {
        expectRDBError { _ = try L.restore(payload) }
    }

    // MARK: Truncation and flipped bytes over real files

    /// Every offset of the small files; for types.rdb (26 KB, a few ms per decode in a debug
    /// build) every offset of its first 2 KB and every 11th after that.
    @Test(arguments: ["expiry.rdb", "multidb.rdb", "list-config.rdb", "list-plain.rdb", "uncompressed.rdb", "types.rdb"])
    func everyTruncationIsAnError(_ name: String) throws {
        let bytes = try RDBFixture.bytes(name)
        let cuts = Array(0..<min(bytes.count, 2048)) + Array(Swift.stride(from: 2048, to: bytes.count, by: 11))
        for n in cuts {
            do {
                _ = try RDBFixture.decode(Array(bytes[..<n]))
                Issue.record("\(name) cut at \(n) loaded")
            } catch let error as RDBError {
                #expect(error.offset <= n, "\(name) cut at \(n): \(error)")
                #expect(error.kind == .malformed)
            }
        }
        #expect(try RDBFixture.decode(bytes).info.bytesConsumed == bytes.count)
    }

    /// With the checksum on, any flipped byte is caught (by the structure checks or the CRC).
    @Test(arguments: ["expiry.rdb", "multidb.rdb", "list-config.rdb", "types.rdb"])
    func everyFlippedByteIsAnError(_ name: String) throws {
        let bytes = try RDBFixture.bytes(name)
        let stride = name == "types.rdb" ? 29 : 1
        for i in Swift.stride(from: 0, to: bytes.count, by: stride) {
            var b = bytes
            b[i] ^= 0xFF
            do {
                let loaded = try RDBFixture.decode(b)
                Issue.record("\(name) with byte \(i) flipped loaded \(loaded.info.keysLoaded) keys")
            } catch is RDBError {
            } catch is RDBFixture.FixtureError {
                // A flipped key name can collide with another key: the loader's duplicate check.
            }
        }
    }

    /// Without a checksum, the structure checks alone stand between a flipped byte and the
    /// keyspace: every outcome is a clean error or a well-formed value.
    @Test(arguments: ["types.rdb", "expiry.rdb", "list-config.rdb"])
    func flippedBytesWithoutChecksumNeverCrash(_ name: String) throws {
        var bytes = try RDBFixture.bytes(name)
        bytes.replaceSubrange((bytes.count - 8)..., with: [UInt8](repeating: 0, count: 8))
        var errors = 0
        var loads = 0
        for i in Swift.stride(from: 9, to: bytes.count - 9, by: name == "types.rdb" ? 53 : 1) {
            for mask: UInt8 in [0xFF, 0x01, 0x80] {
                var b = bytes
                b[i] ^= mask
                do {
                    let loaded = try RDBFixture.decode(b)
                    loads += 1
                    // Whatever loaded is usable.
                    for db in loaded.databases { db.table.forEach { _, e in _ = Digest.value(e.value, expireAt: e.expireAt) } }
                } catch {
                    errors += 1
                }
            }
        }
        #expect(errors > 0 && loads > 0)
    }

    /// Every byte of every DUMP payload flipped, the CRC fixed up so the value parser sees it.
    @Test func flippedPayloadBytesNeverCrash() throws {
        var errors = 0
        for (key, payload) in try RDBFixture.dumps() {
            let body = Array(payload[..<(payload.count - 8)])
            let positions = body.count <= 600 ? Array(0..<(body.count - 2)) : Array(Swift.stride(from: 0, to: body.count - 2, by: 7))
            for i in positions {
                var b = body
                b[i] ^= 0x5A
                let fixed = b + L.le(CRC64.checksum(b), 8)
                do {
                    let value = try L.restore(fixed)
                    _ = Digest.value(value, expireAt: -1)
                } catch let error as RDBError {
                    errors += 1
                    #expect(error.offset >= 0 && error.offset < payload.count, "\(key) byte \(i): \(error)")
                }
            }
        }
        #expect(errors > 1000)
    }

    // MARK: File structure

    @Test func headerErrors() {
        var e = Self.decodeError(Array("REDIX0010".utf8) + [255] + [UInt8](repeating: 0, count: 8))
        #expect(e?.offset == 0 && e?.message.contains("not an RDB file") == true)
        e = Self.decodeError(Self.file([], version: "0011"))
        #expect(e?.offset == 5 && e?.kind == .unsupported)
        e = Self.decodeError(Self.file([], version: "00a1"))
        #expect(e?.message.contains("version") == true)
        e = Self.decodeError(Array("REDIS".utf8))
        #expect(e?.offset == 0 && e?.message.contains("header") == true)
        #expect(e?.description.hasPrefix("Bad RDB data at offset 0: ") == true)
    }

    @Test func checksumMismatch() throws {
        var b = Self.file([0] + L.rdbString("k") + L.rdbString("v"))
        b[b.count - 1] ^= 1
        let e = Self.decodeError(b)
        #expect(e?.offset == b.count - 8)
        #expect(e?.message.contains("wrong RDB checksum") == true)
        // A zero checksum means "not computed".
        let unchecked = Self.file([0] + L.rdbString("k") + L.rdbString("v"), checksum: false)
        #expect(try RDBFixture.decode(unchecked).info.keysLoaded == 1)
    }

    @Test func selectDBOutOfRange() throws {
        let body: [UInt8] = [RDBFormat.Opcode.selectDB, 16, 0] + L.rdbString("k") + L.rdbString("v")
        let e = Self.decodeError(Self.file(body))
        #expect(e?.offset == 10)
        #expect(e?.message == "database 16 out of range (this node has 16 databases)")
        #expect(try RDBFixture.decode(Self.file(body), databases: 17).info.keysLoaded == 1)
    }

    @Test func unknownAndUnsupportedOpcodes() {
        var e = Self.decodeError(Self.file([8] + L.rdbString("k")))
        #expect(e?.offset == 9 && e?.message.contains("unknown opcode or value type 8") == true)
        e = Self.decodeError(Self.file([RDBFormat.Opcode.moduleAux, 1, 2, 3]))
        #expect(e?.offset == 9 && e?.kind == .unsupported && e?.message.contains("module") == true)
        e = Self.decodeError(Self.file([RDBFormat.Opcode.function2] + L.rdbString("#!lua name=x")))
        #expect(e?.kind == .unsupported && e?.message.contains("functions") == true)
        for type: UInt8 in [15, 19, 6, 7] {
            e = Self.decodeError(Self.file([type] + L.rdbString("k") + [0]))
            #expect(e?.offset == 9 && e?.kind == .unsupported, "type \(type)")
        }
    }

    @Test func lengthAndStringErrors() {
        // A string claiming 50 bytes with 3 left.
        var e = Self.decodeError(Self.file([0] + L.rdbString("k") + [50, 1, 2]))
        #expect(e?.offset == 12 && e?.message.contains("runs past the end") == true)
        e = Self.decodeError(Self.file([0, 0x82]))
        #expect(e?.offset == 10 && e?.message.contains("unknown length encoding 0x82") == true)
        e = Self.decodeError(Self.file([0] + L.rdbString("k") + [0xC4]))
        #expect(e?.offset == 12 && e?.message.contains("unknown string encoding 4") == true)
        // A list whose length is a string encoding.
        e = Self.decodeError(Self.file([1] + L.rdbString("k") + [0xC0, 1]))
        #expect(e?.message.contains("found a string encoding") == true)
        // A 64-bit count far beyond the data.
        e = Self.decodeError(Self.file([1] + L.rdbString("k") + [0x81, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))
        #expect(e != nil)
        e = Self.decodeError(Self.file([1] + L.rdbString("k") + [0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))
        #expect(e?.message.contains("too large") == true)
    }

    @Test func lzfErrors() {
        // Claims 1000 bytes from 3.
        var e = Self.decodeError(Self.file([0] + L.rdbString("k") + [0xC3, 3, 0x43, 0xe8, 2, 1, 2]))
        #expect(e?.message.contains("claims 1000 bytes") == true)
        // A back reference before the start.
        e = Self.decodeError(Self.file([0] + L.rdbString("k") + [0xC3, 2, 10, 0x20, 0x00]))
        #expect(e?.offset == 15 && e?.message.contains("back reference before the start") == true)
        // Decompresses to fewer bytes than declared.
        e = Self.decodeError(Self.file([0] + L.rdbString("k") + [0xC3, 3, 5, 1, 65, 66]))
        #expect(e?.message.contains("2 bytes decompressed, 5 declared") == true)
    }

    // MARK: Values

    @Test func duplicateMembersAndFields() {
        let setInts = L.payload(2, [3] + L.rdbString("1") + L.rdbString("2") + L.rdbString("1"))
        #expect(Self.restoreError(setInts)?.message.contains("duplicate set member '1'") == true)
        let setMixed = L.payload(2, [3] + L.rdbString("1") + L.rdbString("a") + L.rdbString("a"))
        #expect(Self.restoreError(setMixed)?.message.contains("duplicate set member 'a'") == true)
        let setIntThenTable = L.payload(2, [3] + L.rdbString("1") + L.rdbString("1") + L.rdbString("a"))
        #expect(Self.restoreError(setIntThenTable)?.message.contains("duplicate set member '1'") == true)
        let hash = L.payload(4, [2] + L.rdbString("f") + L.rdbString("1") + L.rdbString("f") + L.rdbString("2"))
        #expect(Self.restoreError(hash)?.message.contains("duplicate hash field 'f'") == true)
        let zset = L.payload(5, [2] + L.rdbString("m") + L.le(1.0.bitPattern, 8) + L.rdbString("m") + L.le(2.0.bitPattern, 8))
        #expect(Self.restoreError(zset)?.message.contains("duplicate sorted set member 'm'") == true)

        var lp = ListpackBuilder()
        for s in ["f", "1", "g", "2", "f", "3"] { lp.append(Bytes(s)) }
        let packedHash = L.payload(16, L.rdbString(lp.finished()))
        let e = Self.restoreError(packedHash)
        #expect(e?.message.contains("invalid hash listpack: duplicate name 'f'") == true)
        #expect(e?.offset == 2 + 6 + 3 + 2 + 3 + 2, "file offset of the duplicate entry")
    }

    @Test func packedPairsNeedAnEvenCount() {
        var lp = ListpackBuilder()
        for s in ["f", "1", "g"] { lp.append(Bytes(s)) }
        #expect(Self.restoreError(L.payload(16, L.rdbString(lp.finished())))?.message.contains("odd number") == true)
        #expect(Self.restoreError(L.payload(17, L.rdbString(lp.finished())))?.message.contains("odd number") == true)
    }

    @Test func badScores() {
        var lp = ListpackBuilder()
        lp.append("m")
        lp.append("abc")
        #expect(Self.restoreError(L.payload(17, L.rdbString(lp.finished())))?.message.contains("invalid score 'abc'") == true)
        lp = ListpackBuilder()
        lp.append("m")
        lp.append("nan")
        #expect(Self.restoreError(L.payload(17, L.rdbString(lp.finished())))?.message.contains("NaN") == true)
        let binaryNaN = L.payload(5, [1] + L.rdbString("m") + L.le(Double.nan.bitPattern, 8))
        let e = Self.restoreError(binaryNaN)
        #expect(e?.message.contains("NaN") == true && e?.offset == 4)
        let legacyNaN = L.payload(3, [1] + L.rdbString("m") + [253])
        #expect(Self.restoreError(legacyNaN)?.message.contains("NaN") == true)
        let legacyGarbage = L.payload(3, [1] + L.rdbString("m") + [3] + Array("x.5".utf8))
        #expect(Self.restoreError(legacyGarbage)?.message.contains("invalid score") == true)
    }

    @Test func quicklistErrors() throws {
        var lp = ListpackBuilder()
        lp.append("a")
        let node = L.rdbString(lp.finished())
        #expect(Self.restoreError(L.payload(18, [1, 3] + node))?.message.contains("unknown quicklist container 3") == true)
        #expect(Self.restoreError(L.payload(18, [1, 2, 0]))?.message.contains("empty quicklist node") == true)
        var broken = lp.finished()
        broken[broken.count - 2] = 9  // backlen
        let e = Self.restoreError(L.payload(18, [1, 2] + L.rdbString(broken)))
        #expect(e?.message.contains("invalid listpack: listpack backlen") == true)
        #expect(e?.offset == 4 + 6 + 2, "at the backlen inside the node")
        // Empty listpack nodes are skipped; a list of only those is an empty key.
        let empty = L.rdbString(ListpackBuilder().finished())
        #expect(ValueSnapshot(try L.restore(L.payload(18, [2, 2] + empty + [2] + node))).contents == ["a"])
        #expect(Self.restoreError(L.payload(18, [1, 2] + empty))?.message == "empty collection")
    }

    @Test func intsetErrorsPointIntoTheFile() {
        let blob = Intset.encode([5, 3])
        let e = Self.restoreError(L.payload(11, L.rdbString(blob)))
        #expect(e?.offset == 2 + 8 + 2)
        #expect(e?.message.contains("not strictly ascending") == true)
        // The same blob LZF-compressed: the error names the string's start.
        let padded = Intset.encode([Int64](repeating: 7, count: 40))
        var w = RDBWriter()
        w.string(padded, compression: true)
        #expect(w.bytes.first == 0xC3)
        let c = Self.restoreError(L.payload(11, w.bytes))
        #expect(c?.offset == 1 && c?.message.contains("LZF-compressed") == true)
    }

    @Test func emptyCollectionsAreSkippedInFilesAndRefusedByRestore() throws {
        let body: [UInt8] = [2] + L.rdbString("empty") + [0] + [0] + L.rdbString("k") + L.rdbString("v")
        let loaded = try RDBFixture.decode(Self.file(body))
        #expect(loaded.info.keysLoaded == 1)
        #expect(loaded.info.emptyKeysSkipped == 1)
        for type: UInt8 in [1, 2, 3, 4, 5, 14, 18] {
            #expect(Self.restoreError(L.payload(type, [0]))?.message == "empty collection", "type \(type)")
        }
    }

    // MARK: DUMP footer

    @Test func dumpFooterChecks() throws {
        let good = L.payload(0, L.rdbString("v"))
        #expect(ValueSnapshot(try L.restore(good)).contents == ["v"])
        var e = Self.restoreError(L.payload(0, L.rdbString("v"), version: 11))
        #expect(e?.kind == .versionOrChecksum)
        #expect(ValueSnapshot(try L.restore(L.payload(0, L.rdbString("v"), version: 9))).contents == ["v"])
        var bad = good
        bad[1] ^= 1
        e = Self.restoreError(bad)
        #expect(e?.kind == .versionOrChecksum && e?.message.contains("checksum") == true)
        e = Self.restoreError(Array(good.suffix(9)))
        #expect(e?.kind == .versionOrChecksum)
        // Bytes between the value and the footer are ignored, as Redis ignores them.
        #expect(ValueSnapshot(try L.restore(L.payload(0, L.rdbString("v") + [1, 2, 3]))).contents == ["v"])
        // A value running on into the footer reads it, as Redis does ...
        let into = L.payload(0, [5, 65])
        #expect(ValueSnapshot(try L.restore(into)).contents == [ValueSnapshot.text(Bytes(into[2..<7]))])
        // ... but not past it.
        e = Self.restoreError(L.payload(0, [12, 65]))
        #expect(e?.kind == .malformed && e?.message.contains("runs past the end") == true)
        e = Self.restoreError(L.payload(8, []))
        #expect(e?.message.contains("unknown value type 8") == true)
    }
}
