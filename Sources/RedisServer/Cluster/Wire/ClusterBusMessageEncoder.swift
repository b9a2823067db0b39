import NIOCore

/// Writes `ClusterMessage`s to the bus (`ClusterMessage.encode(into:)`).
public struct ClusterBusMessageEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ClusterMessage

    public init() {}

    public func encode(data: ClusterMessage, out: inout ByteBuffer) throws {
        data.encode(into: &out)
    }
}
