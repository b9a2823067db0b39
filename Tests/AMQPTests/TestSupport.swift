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
