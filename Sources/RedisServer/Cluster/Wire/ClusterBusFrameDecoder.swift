import NIOCore

/// Frames the cluster bus byte stream into messages, as `clusterReadHandler` does: once 8
/// bytes are in, the signature must be "RCmb" and `totlen` at least 2256, or the link is
/// beyond repair (`ClusterBusError`, thrown: log it and close the link); then `totlen` bytes
/// make a message, decoded by `ClusterMessage.decode` into a `ClusterBusInbound`.
///
/// Redis puts no upper bound on `totlen` (its receive buffer grows to whatever arrives, up
/// to 4 GiB). We refuse `totlen` above `maximumMessageLength` as soon as the 8 bytes are
/// in. The default, 1 GiB, is above anything Redis 7.0 sends: the largest message is a
/// PUBLISH, whose channel and message came in one client command, itself bounded by
/// client-query-buffer-limit (1 GiB by default). Bytes are buffered as they arrive, never
/// reserved ahead from `totlen`.
public struct ClusterBusFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ClusterBusInbound

    public static let defaultMaximumMessageLength = 1 << 30
    public let maximumMessageLength: Int

    public init(maximumMessageLength: Int = ClusterBusFrameDecoder.defaultMaximumMessageLength) {
        self.maximumMessageLength = maximumMessageLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = try ClusterMessage.frameLength(of: buffer, limit: maximumMessageLength),
            let frame = buffer.readSlice(length: length)
        else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(Self.inbound(frame)))
        return .continue
    }

    /// One framed message, decoded.
    static func inbound(_ frame: ByteBuffer) -> ClusterBusInbound {
        switch Result(catching: { () throws(ClusterBusError) in try ClusterMessage.decode(frame) }) {
        case .success(let message): .message(message)
        case .failure(.unsupportedVersion(let version, let type)): .unsupportedVersion(version: version, type: type)
        case .failure(let error): .dropped(error)
        }
    }
}
