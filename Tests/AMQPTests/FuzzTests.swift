import AMQP
import NIOCore
import TestSupport
import Testing

/// Random and mutated input must give frames or errors, never a crash; and whatever decodes
/// must encode and decode again to the same bytes.
@Suite struct FuzzTests {
    static func validStream() throws -> [UInt8] {
        var bytes: [UInt8] = []
        for method in sampleMethods { bytes += try encoded(.method(channel: 1, method)) }
        bytes += try encoded(.header(channel: 1, ContentHeader(bodySize: 3, properties: ContentHeaderTests.full)))
        bytes += try encoded(.body(channel: 1, ByteBuffer(string: "abc")))
        return bytes
    }

    @Test func randomAndMutatedInputNeverCrashesAndDecodedFramesAreStable() throws {
        var rng = SeededGenerator(seed: 0x5EED)
        let valid = try Self.validStream()
        var framesSeen = 0
        var errorsSeen = 0
        for round in 0..<3000 {
            var input: [UInt8]
            if round % 3 == 0 {
                input = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                // a valid stream with a few bytes changed, some frames' bytes start in random places
                let start = Int.random(in: 0..<valid.count, using: &rng)
                input = Array(valid[start..<min(valid.count, start + Int.random(in: 1...600, using: &rng))])
                if round % 3 == 1 { input = Array(valid.prefix(600)) }
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !input.isEmpty {
                    input[Int.random(in: 0..<input.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            var chunks: [[UInt8]] = []
            var rest = input[...]
            while !rest.isEmpty {
                let n = Int.random(in: 1...max(1, rest.count), using: &rng)
                chunks.append(Array(rest.prefix(n)))
                rest = rest.dropFirst(n)
            }
            let mode: AMQPFrameDecoder.Mode = round % 2 == 0 ? .client : .server
            let limit = FrameMaxLimit(frameMax: round % 5 == 0 ? 0 : 4096)
            for inbound in try decodeAll(chunks, mode: mode, limit: limit) {
                switch inbound {
                case .frame(let frame):
                    framesSeen += 1
                    guard let once = try? encoded(frame) else { continue }  // U+FFFD can push a name past 255 bytes
                    let again = try decodeAll([once], mode: .client, limit: FrameMaxLimit(frameMax: 0))
                    guard case .frame(let reread)? = again.first, again.count == 1 else {
                        Issue.record("re-decoding \(frame) gave \(again)")
                        continue
                    }
                    #expect(try encoded(reread) == once)
                case .error(let error):
                    errorsSeen += 1
                    _ = error.rabbitReply
                case .protocolHeader(let header):
                    _ = header.negotiation
                }
            }
        }
        // The mutated streams must exercise both sides.
        #expect(framesSeen > 1000)
        #expect(errorsSeen > 500)
    }

    @Test func randomPayloadsGivenToTheMethodAndHeaderDecodersNeverCrash() {
        var rng = SeededGenerator(seed: 42)
        var decoded = 0
        for _ in 0..<5000 {
            var bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // aim at real classes and methods often
            if bytes.count >= 4, Bool.random(using: &rng) {
                let id = sampleMethods.randomElement(using: &rng)!
                bytes[0] = UInt8(id.classID >> 8); bytes[1] = UInt8(id.classID & 0xFF)
                bytes[2] = UInt8(id.methodID >> 8); bytes[3] = UInt8(id.methodID & 0xFF)
            }
            if (try? Method.decode(payload: buffer(bytes))) != nil { decoded += 1 }
            _ = try? ContentHeader.decode(payload: buffer([0, 60] + bytes))
        }
        #expect(decoded > 0)
    }
}
