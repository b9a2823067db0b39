import NIOCore

extension Command {
    /// The frames that carry this command: the method, then for content a header and the
    /// body in frames of at most frame_max − 8 bytes (the whole body in one frame when
    /// frame_max is 0), and no body frame for an empty body, as RabbitMQ's
    /// build_content_frames does.
    public func frames(frameMax: UInt32) -> [Frame] {
        var frames: [Frame] = [.method(channel: channel, method)]
        guard let content else { return frames }
        frames.append(.header(channel: channel, content.header))
        var body = content.body
        let chunk = frameMax == 0 ? body.readableBytes : max(1, Int(frameMax) - FrameConstants.emptyFrameSize)
        while body.readableBytes > 0, let slice = body.readSlice(length: min(chunk, body.readableBytes)) {
            frames.append(.body(channel: channel, slice))
        }
        return frames
    }
}
