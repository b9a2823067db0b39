import NIOCore
import NIOEmbedded
import Testing

@testable import RedisServer

/// The bus codecs in a pipeline, without a socket.
@Suite struct ClusterBusFrameDecoderTests {
    typealias S = ClusterSamples

    func channel(maximum: Int = ClusterBusFrameDecoder.defaultMaximumMessageLength) -> EmbeddedChannel {
        EmbeddedChannel(handlers: [
            ByteToMessageHandler(ClusterBusFrameDecoder(maximumMessageLength: maximum)),
            MessageToByteHandler(ClusterBusMessageEncoder()),
        ])
    }

    func inbound(_ channel: EmbeddedChannel) throws -> [ClusterBusInbound] {
        var out: [ClusterBusInbound] = []
        while let item: ClusterBusInbound = try channel.readInbound() { out.append(item) }
        return out
    }

    var messages: [ClusterMessage] {
        S.everyBody.map { body in
            var m = S.message(body)
            if body.pingBody?.extensions.isEmpty == false { m.messageFlags.insert(.extensionData) }
            return m
        }
    }

    @Test func byteByByte() throws {
        let ch = channel()
        for m in messages.prefix(4) {
            let bytes = S.bytes(m)
            for (i, byte) in bytes.enumerated() {
                try ch.writeInbound(ByteBuffer(bytes: [byte]))
                let got = try inbound(ch)
                if i < bytes.count - 1 {
                    #expect(got.isEmpty, "message out after \(i + 1) of \(bytes.count) bytes")
                    if !got.isEmpty { return }
                } else {
                    #expect(got == [.message(m)])
                }
            }
        }
        #expect(try ch.finish().isClean)
    }

    @Test func manyMessagesInOneBuffer() throws {
        let ch = channel()
        var buffer = ByteBuffer()
        for m in messages { m.encode(into: &buffer) }
        try ch.writeInbound(buffer)
        #expect(try inbound(ch) == messages.map { .message($0) })
        #expect(try ch.finish().isClean)
    }

    /// Split at random points, several messages and half messages per write.
    @Test func randomSplits() throws {
        var all = ByteBuffer()
        for m in messages + messages { m.encode(into: &all) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let ch = channel()
            var rest = all
            var got: [ClusterBusInbound] = []
            while rest.readableBytes > 0 {
                let n = min(rest.readableBytes, Int.random(in: 1...6000, using: &rng))
                try ch.writeInbound(rest.readSlice(length: n)!)
                got += try inbound(ch)
            }
            #expect(got == (messages + messages).map { .message($0) })
        }
    }

    @Test func encoderWritesTheWireBytes() throws {
        let ch = channel()
        let m = S.message(.update(configEpoch: 3, node: S.b, slots: SlotBitmap(ranges: [1...2])))
        try ch.writeOutbound(m)
        let out: ByteBuffer? = try ch.readOutbound()
        #expect(out.map { Array($0.readableBytesView) } == S.bytes(m))
    }

    /// Redis drops the link as soon as the first 8 bytes show a bad signature: no need to
    /// wait for the rest.
    @Test func badSignatureFailsAfterEightBytes() throws {
        let ch = channel()
        var bytes = S.bytes(S.message(.mfStart))
        bytes[0] = UInt8(ascii: "X")
        try ch.writeInbound(ByteBuffer(bytes: bytes.prefix(7)))
        #expect(try inbound(ch).isEmpty)
        #expect(throws: ClusterBusError.badSignature(Array("XCmb".utf8))) {
            try ch.writeInbound(ByteBuffer(bytes: bytes[7..<8]))
        }
        _ = try? ch.finish()
    }

    @Test func shortTotlenFailsTheLink() throws {
        let ch = channel()
        var w = WireBytes(count: 8)
        w.put("RCmb", at: 0)
        w.put(UInt32(2255), at: 4)
        #expect(throws: ClusterBusError.lengthBelowMinimum(length: 2255)) { try ch.writeInbound(ByteBuffer(bytes: w.bytes)) }
        _ = try? ch.finish()
    }

    @Test func totlenAboveTheLimitFailsTheLink() throws {
        let ch = channel(maximum: 4000)
        let big = S.message(.update(configEpoch: 1, node: S.b, slots: SlotBitmap()))  // 4352 bytes
        #expect(throws: ClusterBusError.lengthAboveLimit(length: 4352, limit: 4000)) {
            try ch.writeInbound(ByteBuffer(bytes: S.bytes(big).prefix(8)))
        }
        _ = try? ch.finish()
        // The default limit takes a 1 GiB totlen header without complaint (and waits).
        let ok = channel()
        var w = WireBytes(count: 8)
        w.put("RCmb", at: 0)
        w.put(UInt32(1 << 30), at: 4)
        try ok.writeInbound(ByteBuffer(bytes: w.bytes))
        #expect(try inbound(ok).isEmpty)
        w.put(UInt32((1 << 30) + 1), at: 4)
        let over = channel()
        #expect(throws: ClusterBusError.lengthAboveLimit(length: (1 << 30) + 1, limit: 1 << 30)) {
            try over.writeInbound(ByteBuffer(bytes: w.bytes))
        }
        _ = try? over.finish()
        _ = try? ok.finish()
    }

    /// Messages Redis skips (wrong version, wrong length) come out as outcomes, and the
    /// stream goes on with the next message.
    @Test func skippedMessagesKeepTheStream() throws {
        let ch = channel()
        let fail = S.message(.fail(node: S.c))
        var badVersion = S.bytes(fail)
        badVersion[9] = 2
        var tooLong = WireBytes(count: 2260)
        tooLong.put(S.bytes(S.message(.mfStart)), at: 0)
        tooLong.put(UInt32(2260), at: 4)
        var buffer = ByteBuffer(bytes: badVersion + tooLong.bytes)
        fail.encode(into: &buffer)
        try ch.writeInbound(buffer)
        #expect(try inbound(ch) == [
            .unsupportedVersion(version: 2, type: .fail),
            .dropped(.lengthMismatch(type: .mfStart, length: 2260, expected: 2256)),
            .message(fail),
        ])
        #expect(try ch.finish().isClean)
    }
}
