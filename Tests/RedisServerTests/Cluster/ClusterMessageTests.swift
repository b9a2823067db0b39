import NIOCore
import Testing

@testable import RedisServer

/// Encoding puts every field at Redis 7.0's offset (cluster.h static asserts), and
/// decoding gives back the same message.
@Suite struct ClusterMessageTests {
    typealias S = ClusterSamples

    @Test func pingHeaderGossipAndExtensionOffsets() throws {
        var m = S.message(.ping(ClusterPingBody(gossip: [S.gossipB], extensions: [.hostname("node-a.example")])))
        m.replicaOf = S.c
        m.announcedIP = "192.168.1.20"
        m.plaintextPort = 6380
        m.state = .fail
        m.messageFlags = [.paused]
        m.flags = [.slave, .nofailover]

        var w = WireBytes(count: 2256 + 104 + 24)
        w.put("RCmb", at: 0)
        w.put(UInt32(2384), at: 4)
        w.put(UInt16(1), at: 8)
        w.put(UInt16(7000), at: 10)
        w.put(UInt16(0), at: 12)  // PING
        w.put(UInt16(1), at: 14)  // count
        w.put(UInt64(0x0102_0304_0506_0708), at: 16)
        w.put(UInt64(42), at: 24)
        w.put(UInt64(1_000_000), at: 32)
        w.put(S.a.bytes, at: 40)
        for s in [0...5460, 16383...16383].joined() { w.bytes[80 + s / 8] |= 1 << (s & 7) }
        w.put(S.c.bytes, at: 2128)
        w.put("192.168.1.20", at: 2168)
        w.put(UInt16(1), at: 2214)  // extensions
        w.put(UInt16(6380), at: 2246)
        w.put(UInt16(17000), at: 2248)
        w.put(UInt16(2 | 512), at: 2250)
        w.bytes[2252] = 1  // state fail
        w.bytes[2253] = 1 | 4  // PAUSED | EXT_DATA (added because there is an extension)
        // Gossip entry.
        w.put(S.b.bytes, at: 2256)
        w.put(UInt32(1_700_000_000), at: 2256 + 40)
        w.put(UInt32(1_700_000_001), at: 2256 + 44)
        w.put("10.0.0.2", at: 2256 + 48)
        w.put(UInt16(7001), at: 2256 + 94)
        w.put(UInt16(17001), at: 2256 + 96)
        w.put(UInt16(2 | 4), at: 2256 + 98)
        w.put(UInt16(6001), at: 2256 + 100)
        // Hostname extension: 8-byte header, "node-a.example\0" padded to 16.
        w.put(UInt32(24), at: 2360)
        w.put(UInt16(0), at: 2364)
        w.put("node-a.example", at: 2368)

        let bytes = S.bytes(m)
        #expect(bytes.count == w.bytes.count)
        for i in bytes.indices where bytes[i] != w.bytes[i] {
            Issue.record("byte \(i): \(bytes[i]) != \(w.bytes[i])")
            break
        }
        #expect(m.encodedLength == 2384)
        var decoded = m
        decoded.messageFlags.insert(.extensionData)
        #expect(try ClusterMessage.decode(ByteBuffer(bytes: bytes)) == decoded)
    }

    @Test func bodyOffsets() throws {
        func check(_ body: ClusterMessage.Body, _ type: UInt16, length: Int, _ fill: (inout WireBytes) -> Void) throws {
            let bytes = S.bytes(S.message(body))
            #expect(bytes.count == length, "\(body)")
            #expect(bytes[12] == 0 && bytes[13] == UInt8(type))
            #expect(bytes[4..<8].elementsEqual(withUnsafeBytes(of: UInt32(length).bigEndian) { Array($0) }))
            var w = WireBytes(count: length)
            w.put(Array(bytes[0..<2256]), at: 0)  // header checked elsewhere
            fill(&w)
            #expect(bytes == w.bytes, "\(body)")
            #expect(try ClusterMessage.decode(ByteBuffer(bytes: bytes)).body == body)
        }
        try check(.fail(node: S.b), 3, length: 2296) { $0.put(S.b.bytes, at: 2256) }
        try check(.publish(channel: Bytes("ch"), message: Bytes("hello")), 4, length: 2256 + 8 + 7) {
            $0.put(UInt32(2), at: 2256)
            $0.put(UInt32(5), at: 2260)
            $0.put("chhello", at: 2264)
        }
        try check(.publishShard(channel: Bytes("c"), message: Bytes("")), 10, length: 2256 + 8 + 1) {
            $0.put(UInt32(1), at: 2256)
            $0.put("c", at: 2264)
        }
        try check(.failoverAuthRequest, 5, length: 2256) { _ in }
        try check(.failoverAuthAck, 6, length: 2256) { _ in }
        try check(.mfStart, 8, length: 2256) { _ in }
        try check(.update(configEpoch: 77, node: S.c, slots: SlotBitmap(ranges: [8...15, 16383...16383])), 7, length: 4352) {
            $0.put(UInt64(77), at: 2256)
            $0.put(S.c.bytes, at: 2264)
            $0.bytes[2304 + 1] = 0xFF
            $0.bytes[2304 + 2047] = 0x80
        }
        try check(.module(moduleID: 0x0102_0304_0506_0708, type: 200, payload: [1, 2, 3]), 9, length: 2256 + 13 + 3) {
            $0.put(UInt64(0x0102_0304_0506_0708), at: 2256)
            $0.put(UInt32(3), at: 2264)
            $0.bytes[2268] = 200
            $0.put([1, 2, 3], at: 2269)
        }
        try check(.unknown(type: 42, payload: [5, 6]), 42, length: 2258) { $0.put([5, 6], at: 2256) }
    }

    /// count and extensions are 0 for bodies without gossip, whatever the message.
    @Test func nonPingBodiesHaveZeroCountAndExtensions() {
        for body in S.everyBody where body.pingBody == nil {
            let bytes = S.bytes(S.message(body))
            #expect(bytes[14] == 0 && bytes[15] == 0 && bytes[2214] == 0 && bytes[2215] == 0)
            #expect(bytes[2216..<2246].allSatisfy { $0 == 0 })
        }
    }

    @Test(arguments: ClusterSamples.everyBody)
    func roundTrip(body: ClusterMessage.Body) throws {
        for variant in 0..<3 {
            var m = S.message(body)
            if variant >= 1 {
                m.replicaOf = S.b
                m.announcedIP = "2001:db8::1"
                m.flags = [.slave, .pfail]
                m.messageFlags = [.forceAck, .paused]
                m.state = .fail
            }
            if variant == 2 {
                m.messageFlags.insert(ClusterMessageFlags(rawValue: 0x12_3400))  // mflags[1], mflags[2]
                m.currentEpoch = .max
                m.replicationOffset = .max
                m.port = .max
                m.busPort = 1
            }
            if m.body.pingBody?.extensions.isEmpty == false { m.messageFlags.insert(.extensionData) }
            let buffer = m.encoded()
            #expect(buffer.readableBytes == m.encodedLength)
            #expect(buffer.getInteger(at: 4, as: UInt32.self) == UInt32(m.encodedLength))
            #expect(try ClusterMessage.decode(buffer) == m)
        }
    }

    @Test func decodingHonoursReaderIndex() throws {
        let m = S.message(.fail(node: S.c))
        var buffer = ByteBuffer(bytes: [1, 2, 3])
        m.encode(into: &buffer)
        buffer.moveReaderIndex(forwardBy: 3)
        #expect(try ClusterMessage.decode(buffer) == m)
    }

    /// myip and gossip ip are 46-byte C strings: at most 45 bytes go out, NUL-terminated.
    @Test func longIPsAreTruncatedLikeStrncpy() throws {
        let long = String(repeating: "9", count: 60)
        var m = S.message(.ping(ClusterPingBody(gossip: [ClusterGossipEntry(node: S.b, ip: long, port: 1, busPort: 2, flags: [])])))
        m.announcedIP = long
        let bytes = S.bytes(m)
        #expect(bytes[2168..<2213].allSatisfy { $0 == UInt8(ascii: "9") } && bytes[2213] == 0)
        #expect(bytes[2256 + 48 + 44] == UInt8(ascii: "9") && bytes[2256 + 48 + 45] == 0)
        let decoded = try ClusterMessage.decode(ByteBuffer(bytes: bytes))
        #expect(decoded.announcedIP == String(repeating: "9", count: 45))
        #expect(decoded.body.pingBody?.gossip.first?.ip == String(repeating: "9", count: 45))
    }

    @Test func zeroFieldsDecodeAsNil() throws {
        let m = S.message(.mfStart)
        #expect(m.replicaOf == nil && m.announcedIP == nil)
        let bytes = S.bytes(m)
        #expect(bytes[2128..<2214].allSatisfy { $0 == 0 })
        let decoded = try ClusterMessage.decode(ByteBuffer(bytes: bytes))
        #expect(decoded.replicaOf == nil && decoded.announcedIP == nil)
    }

    @Test func extensionLengthsAreEightByteAligned() {
        #expect(ClusterPingExtension.hostname("").encodedLength == 16)  // NUL alone pads to 8
        #expect(ClusterPingExtension.hostname("1234567").encodedLength == 16)
        #expect(ClusterPingExtension.hostname("12345678").encodedLength == 24)
        #expect(ClusterPingExtension.unknown(type: 9, data: []).encodedLength == 8)
        #expect(ClusterPingExtension.unknown(type: 9, data: [1]).encodedLength == 16)
    }

    @Test func typeNames() {
        #expect(ClusterMessageType.failoverAuthRequest.statsName == "auth-req")
        #expect(ClusterMessageType.publishShard.statsName == "publishshard")
        #expect(ClusterMessageType(rawValue: 11).statsName == "unknown")
        #expect("\(ClusterMessageType(rawValue: 99))" == "type 99")
    }
}
