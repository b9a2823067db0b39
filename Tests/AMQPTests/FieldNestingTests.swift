import AMQP
import NIOCore
import Testing

/// Tables and arrays nest by a few bytes a level; a peer (or a capture) sending thousands of
/// levels gets an error naming the limit, not a stack overflow.
@Suite struct FieldNestingTests {
    /// `levels` arrays each holding the next, the innermost holding one boolean.
    static func nestedArrays(_ levels: Int) -> ByteBuffer {
        var inner: [UInt8] = [0x74, 1]
        for _ in 0..<levels {
            let length = UInt32(inner.count)
            inner = [0x41, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + inner
        }
        return ByteBuffer(bytes: inner)
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        var r = WireReader(Self.nestedArrays(WireReader.maxNesting))
        var value = try r.readFieldValue("headers")
        var depth = 0
        while case .array(let values) = value, let first = values.first {
            value = first
            depth += 1
        }
        #expect(depth == WireReader.maxNesting)
        #expect(value == .boolean(true))
    }

    @Test func deeperNestingIsAnErrorNotACrash() {
        for levels in [WireReader.maxNesting + 1, 100_000] {
            var r = WireReader(Self.nestedArrays(levels))
            do {
                _ = try r.readFieldValue("headers")
                Issue.record("\(levels) levels were read")
            } catch {
                guard case .nestedTooDeep(let reading, let limit) = error else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(limit == WireReader.maxNesting)
                #expect(reading.hasSuffix("of headers"))
                #expect(error.description.contains("deeper than 64 levels"))
            }
        }
    }
}
