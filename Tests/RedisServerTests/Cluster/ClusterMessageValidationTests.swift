import NIOCore
import Testing

@testable import RedisServer

/// Malformed messages are refused as Redis 7.0's `clusterReadHandler` and
/// `clusterProcessPacket` refuse them, and never read out of bounds.
@Suite struct ClusterMessageValidationTests {
    typealias S = ClusterSamples

    func decode(_ bytes: [UInt8]) -> Result<ClusterMessage, ClusterBusError> {
        Result { () throws(ClusterBusError) in try ClusterMessage.decode(ByteBuffer(bytes: bytes)) }
    }

    func error(_ bytes: [UInt8]) -> ClusterBusError? {
        if case .failure(let e) = decode(bytes) { return e }
        return nil
    }

    /// Sets a big-endian field, and totlen to the array's length.
    func patch<T: FixedWidthInteger>(_ bytes: [UInt8], _ value: T, at offset: Int, fixLength: Bool = true) -> [UInt8] {
        var w = WireBytes(count: bytes.count)
        w.bytes = bytes
        w.put(value, at: offset)
        if fixLength { w.put(UInt32(bytes.count), at: 4) }
        return w.bytes
    }

    func withLength(_ bytes: [UInt8]) -> [UInt8] { patch(bytes, UInt32(bytes.count), at: 4) }

    @Test func signatureAndMinimumLengthCloseTheLink() {
        var bytes = S.bytes(S.message(.mfStart))
        bytes[3] = UInt8(ascii: "x")
        #expect(error(bytes) == .badSignature(Array("RCmx".utf8)))
        for short in [UInt32(0), 8, 2255] {
            let e = error(patch(S.bytes(S.message(.mfStart)), short, at: 4, fixLength: false))
            #expect(e == .lengthBelowMinimum(length: short))
            #expect(e?.closesLink == true)
        }
        #expect(ClusterBusError.badSignature([]).closesLink)
        #expect(ClusterBusError.lengthAboveLimit(length: 1, limit: 0).closesLink)
        #expect(!ClusterBusError.lengthMismatch(type: .ping, length: 1, expected: 2).closesLink)
        #expect(!ClusterBusError.unsupportedVersion(version: 2, type: .ping).closesLink)
    }

    @Test func wholeFrameRequired() {
        let bytes = S.bytes(S.message(.mfStart))
        #expect(error(Array(bytes.prefix(7))) == .frameSizeMismatch(declared: nil, available: 7))
        #expect(error(Array(bytes.dropLast())) == .frameSizeMismatch(declared: 2256, available: 2255))
        #expect(error(bytes + [0]) == .frameSizeMismatch(declared: 2256, available: 2257))
    }

    /// Checked before any length check, as in clusterProcessPacket.
    @Test func versionIsCheckedFirst() {
        let fail = S.bytes(S.message(.fail(node: S.b)))
        #expect(error(patch(fail, UInt16(2), at: 8)) == .unsupportedVersion(version: 2, type: .fail))
        // A FAIL of the wrong length with version 0: the version wins.
        #expect(error(withLength(patch(fail, UInt16(0), at: 8) + [1, 2, 3])) == .unsupportedVersion(version: 0, type: .fail))
    }

    @Test func fixedLengthTypes() {
        #expect(error(withLength(S.bytes(S.message(.fail(node: S.b))) + [0])) == .lengthMismatch(type: .fail, length: 2297, expected: 2296))
        #expect(error(withLength(Array(S.bytes(S.message(.fail(node: S.b))).prefix(2290))))
            == .lengthMismatch(type: .fail, length: 2290, expected: 2296))
        for body in [ClusterMessage.Body.failoverAuthRequest, .failoverAuthAck, .mfStart] {
            let type = S.message(body).type
            #expect(error(withLength(S.bytes(S.message(body)) + [0, 0, 0, 0, 0, 0, 0, 0]))
                == .lengthMismatch(type: type, length: 2264, expected: 2256))
        }
        let update = S.bytes(S.message(.update(configEpoch: 1, node: S.b, slots: SlotBitmap())))
        #expect(error(withLength(Array(update.dropLast(8)))) == .lengthMismatch(type: .update, length: 4344, expected: 4352))
    }

    @Test func publishLengths() {
        let good = S.bytes(S.message(.publish(channel: Bytes("ch"), message: Bytes("msg"))))  // 2256+8+5
        #expect(error(patch(good, UInt32(3), at: 2256)) == .lengthMismatch(type: .publish, length: 2269, expected: 2270))
        #expect(error(patch(good, UInt32(2), at: 2260)) == .lengthMismatch(type: .publish, length: 2269, expected: 2268))
        // Redis adds these in 32 bits: 2264 + 0xFFFFFFFF + 6 wraps to 2269 = totlen and it
        // would accept the message, then read 4 GiB past it. No wrap-around here.
        #expect(error(patch(patch(good, UInt32.max, at: 2256), UInt32(2270 - 2264), at: 2260))
            == .lengthMismatch(type: .publish, length: 2269, expected: 2264 + Int(UInt32.max) + 6))
        let shard = S.bytes(S.message(.publishShard(channel: Bytes("c"), message: Bytes("m"))))
        #expect(error(withLength(Array(shard.prefix(2260)))) == .bodyTruncated(type: .publishShard, offset: 2256, needed: 8, length: 2260))
        #expect(error(withLength(Array(shard.prefix(2256)))) == .bodyTruncated(type: .publishShard, offset: 2256, needed: 8, length: 2256))
    }

    @Test func moduleLengths() {
        let good = S.bytes(S.message(.module(moduleID: 5, type: 1, payload: [1, 2, 3, 4])))
        #expect(error(patch(good, UInt32(5), at: 2264)) == .lengthMismatch(type: .module, length: 2273, expected: 2274))
        #expect(error(withLength(Array(good.prefix(2268)))) == .bodyTruncated(type: .module, offset: 2256, needed: 13, length: 2268))
    }

    /// Redis accepts unknown types with any length (explen = totlen).
    @Test func unknownTypesAnyLength() throws {
        for length in [2256, 2257, 5000] {
            var w = WireBytes(count: length)
            w.put(S.bytes(S.message(.mfStart)), at: 0)
            w.put(UInt16(77), at: 12)
            w.put(UInt16(5), at: 14)  // count means nothing for unknown types
            w.put(UInt32(length), at: 4)
            let decoded = try decode(w.bytes).get()
            #expect(decoded.body == .unknown(type: 77, payload: Array(repeating: 0, count: length - 2256)))
        }
    }

    @Test func gossipCountMustMatchTheLength() {
        let one = S.bytes(S.message(.ping(ClusterPingBody(gossip: [S.gossipB]))))  // 2360 bytes
        #expect(error(patch(one, UInt16(2), at: 14)) == .gossipBeyondEnd(type: .ping, count: 2, length: 2360))
        #expect(error(patch(one, UInt16(0xFFFF), at: 14)) == .gossipBeyondEnd(type: .ping, count: 0xFFFF, length: 2360))
        #expect(error(patch(one, UInt16(0), at: 14)) == .lengthMismatch(type: .ping, length: 2360, expected: 2256))
        #expect(error(withLength(one + [0])) == .lengthMismatch(type: .ping, length: 2361, expected: 2360))
    }

    /// A hostname extension at 2256 (no gossip), 16 bytes: "abc\0" padded.
    var meetWithHostname: [UInt8] { S.bytes(S.message(.meet(ClusterPingBody(extensions: [.hostname("abc")])))) }

    @Test func extensionLengthChecks() {
        let good = meetWithHostname
        #expect(good.count == 2272 && good[2253] & 4 != 0)
        #expect(error(patch(good, UInt32(12), at: 2256)) == .extensionPadding(type: .meet, index: 0, offset: 2256, extensionLength: 12))
        #expect(error(patch(good, UInt32(24), at: 2256))
            == .extensionOverflow(type: .meet, index: 0, offset: 2256, extensionLength: 24, remaining: 16))
        // Redis validates the length truncated to 16 bits: 0x10010 would pass as 16.
        #expect(error(patch(good, UInt32(0x1_0010), at: 2256))
            == .extensionOverflow(type: .meet, index: 0, offset: 2256, extensionLength: 0x1_0010, remaining: 16))
        #expect(error(patch(good, UInt32(0), at: 2256)) == .extensionTooShort(type: .meet, index: 0, offset: 2256, extensionLength: 0))
        // Two extensions announced, one present.
        #expect(error(patch(good, UInt16(2), at: 2214)) == .extensionHeaderTruncated(type: .meet, index: 1, offset: 2272, length: 2272))
        // Bytes after the last extension.
        #expect(error(withLength(good + Array(repeating: 0, count: 8))) == .lengthMismatch(type: .meet, length: 2280, expected: 2272))
    }

    /// Without EXT_DATA in mflags the extensions are neither validated nor read (Redis
    /// computes the expected length without them).
    @Test func extensionsNeedTheFlag() throws {
        var noFlag = meetWithHostname
        noFlag[2253] = 0
        #expect(error(noFlag) == .lengthMismatch(type: .meet, length: 2272, expected: 2256))
        var countOnly = Array(meetWithHostname.prefix(2256))
        countOnly[2253] = 0
        countOnly = withLength(countOnly)
        #expect(try decode(countOnly).get().body == .meet(ClusterPingBody()))
        // The flag with zero extensions is fine.
        var flagOnly = countOnly
        flagOnly[2253] = 4
        flagOnly[2215] = 0
        #expect(try decode(flagOnly).get().messageFlags.contains(.extensionData))
    }

    @Test func unknownExtensionsAreSkippedByLength() throws {
        let m = S.message(.pong(ClusterPingBody(
            gossip: [S.gossipB], extensions: [.unknown(type: 0x7777, data: Array(repeating: 0xEE, count: 24)), .hostname("h")])))
        var withFlag = m
        withFlag.messageFlags.insert(.extensionData)
        let decoded = try decode(S.bytes(m)).get()
        #expect(decoded == withFlag)
        #expect(decoded.body.pingBody?.extensions.last == .hostname("h"))
    }

    /// A hostname without its NUL stops at the end of its extension.
    @Test func hostnameWithoutNul() throws {
        var bytes = meetWithHostname
        for i in 2264..<2272 { bytes[i] = UInt8(ascii: "z") }
        #expect(try decode(bytes).get().body.pingBody?.extensions == [.hostname("zzzzzzzz")])
    }

    @Test func descriptionsSayWhere() {
        let cases: [(ClusterBusError, String)] = [
            (.badSignature(Array("RCm\u{1}".utf8)), "bad signature \"RCm\\x1\" at offset 0 (expected \"RCmb\")"),
            (.lengthBelowMinimum(length: 12), "totlen 12 at offset 4 is below the 2256-byte header"),
            (.lengthMismatch(type: .fail, length: 2297, expected: 2296), "fail message of length 2297 (totlen at offset 4) but expected length 2296"),
            (.extensionPadding(type: .ping, index: 0, offset: 2360, extensionLength: 12), "ping message: extension 0 at offset 2360 has length 12, not a multiple of 8"),
            (.gossipBeyondEnd(type: .pong, count: 2, length: 2360), "pong message claims 2 gossip entries (count at offset 14) ending at offset 2464, beyond its length 2360"),
            (.unsupportedVersion(version: 3, type: ClusterMessageType(rawValue: 40)), "type 40 message with protocol version 3 at offset 8 (expected 1)"),
        ]
        for (error, text) in cases { #expect(error.description == text) }
    }
}
