/// The frame_max the decoder enforces, shared with the connection handler that negotiates it
/// (set it from tune-ok). Both live on the channel's event loop, so it needs no lock; it is
/// a class only so that the handler can change what the decoder, wrapped in a
/// ByteToMessageHandler, reads.
public final class FrameMaxLimit {
    /// 0 means no limit.
    public var frameMax: UInt32

    public init(frameMax: UInt32 = FrameConstants.minimumFrameMax) { self.frameMax = frameMax }
}
