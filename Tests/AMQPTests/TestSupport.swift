import AMQP
import NIOCore
import NIOEmbedded

/// Bytes from hex text, spaces allowed.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
}

func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

/// A frame's bytes built by hand: type, channel, size, payload, end octet.
func rawFrame(type: UInt8, channel: UInt16, payload: [UInt8], end: UInt8 = 0xCE) -> [UInt8] {
    var b = ByteBuffer()
    b.writeInteger(type)
    b.writeInteger(channel)
    b.writeInteger(UInt32(payload.count))
    b.writeBytes(payload)
    b.writeInteger(end)
    return Array(buffer: b)
}

func encoded(_ frame: Frame) throws -> [UInt8] {
    var b = ByteBuffer()
    try frame.encode(into: &b)
    return Array(buffer: b)
}

func methodPayload(_ method: Method) throws -> ByteBuffer {
    var b = ByteBuffer()
    try method.encode(into: &b)
    return b
}

/// Everything a decoder in `mode` makes of `chunks`, fed one after another, then end of input.
func decodeAll(_ chunks: [[UInt8]], mode: AMQPFrameDecoder.Mode, limit: FrameMaxLimit = FrameMaxLimit()) throws -> [AMQPInbound] {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(AMQPFrameDecoder(mode: mode, limit: limit)))
    for chunk in chunks { try channel.writeInbound(ByteBuffer(bytes: chunk)) }
    _ = try channel.finish()
    var out: [AMQPInbound] = []
    while let value = try channel.readInbound(as: AMQPInbound.self) { out.append(value) }
    return out
}

/// A small deterministic generator (SplitMix64) so fuzz runs repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
