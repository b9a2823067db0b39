/// What `ClusterBusFrameDecoder` yields for each framed message. Only framing errors (bad
/// signature, `totlen` below the header or above the limit) are thrown, and the link should
/// be closed then; these outcomes all leave the link up, as in `clusterProcessPacket`.
public enum ClusterBusInbound: Hashable, Sendable {
    /// A well-formed message.
    case message(ClusterMessage)
    /// `ver` is not 1: Redis skips the message without a word.
    case unsupportedVersion(version: UInt16, type: ClusterMessageType)
    /// A message whose length does not match its content: Redis logs it (at warning level)
    /// and skips it.
    case dropped(ClusterBusError)
}
