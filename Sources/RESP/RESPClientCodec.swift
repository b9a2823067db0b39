import NIOCore

/// Decodes replies for a NIO client pipeline.
public struct RESPValueDecoder: ByteToMessageDecoder {
    public typealias InboundOut = RESPValue
    private let parser = RESPValueParser()

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try parser.parse(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool)
        throws -> DecodingState
    {
        try decode(context: context, buffer: &buffer)
    }
}

/// Encodes requests (argument lists) for a NIO client pipeline.
public struct RESPCommandEncoder: MessageToByteEncoder {
    public typealias OutboundIn = [[UInt8]]

    public init() {}

    public func encode(data: [[UInt8]], out: inout ByteBuffer) throws {
        out.writeRESPCommand(data)
    }
}
