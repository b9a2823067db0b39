import NIOCore

/// Turns frames into commands channel by channel, with RabbitMQ's order rules
/// (rabbit_command_assembler): a content-bearing method is followed by a header of its class,
/// then body frames until the header's body size is reached; anything else in between, or a
/// header or body where a method was expected, is an `UnexpectedFrame` (505).
public struct CommandAssembler {
    private enum Awaiting {
        case header(Method)
        /// `remaining` can go negative when a body frame overshoots; RabbitMQ then keeps
        /// waiting for a total that can never come, and so does this.
        case body(Method, ContentHeader, remaining: Int64, body: ByteBuffer)
    }

    private var channels: [UInt16: Awaiting] = [:]

    public init() {}

    /// A whole command once `frame` completes one, nil while one is still being assembled
    /// (and for heartbeats on channel 0, which are no command).
    public mutating func append(_ frame: Frame) throws(UnexpectedFrame) -> Command? {
        let channel = frame.channel
        switch (frame, channels[channel]) {
        case (.heartbeat, _):
            // rabbit_reader: a heartbeat is fine on channel 0 only.
            guard channel == 0 else { throw UnexpectedFrame(channel: channel, text: "type 8, all octets = <<>>") }
            return nil
        case (.method(_, let method), nil):
            guard method.hasContent else { return Command(channel: channel, method: method) }
            channels[channel] = .header(method)
            return nil
        case (.header(_, let header), nil) where channel == 0:
            // rabbit_reader answers content on channel 0 before any assembler sees it.
            var payload = ByteBuffer()
            try? header.encode(into: &payload)
            throw UnexpectedFrame(channel: 0, text: "type 2, \(ErlangFormat.payloadSnippet(Array(buffer: payload)))")
        case (.body(_, let body), nil) where channel == 0:
            throw UnexpectedFrame(channel: 0, text: "type 3, \(ErlangFormat.payloadSnippet(Array(buffer: body)))")
        case (.header, nil), (.body, nil):
            throw UnexpectedFrame(channel: channel, text: "expected method frame, got non method frame instead")
        case (.header(_, let header), .header(let method)) where header.weight == 0:
            guard header.classID == method.classID else {
                throw unexpected(
                    channel, "expected content header for class \(method.classID), got one for class \(header.classID) instead",
                    method)
            }
            if header.bodySize == 0 {
                channels[channel] = nil
                return Command(channel: channel, method: method, content: Content(header: header, body: ByteBuffer()))
            }
            channels[channel] = .body(method, header, remaining: Int64(clamping: header.bodySize), body: ByteBuffer())
            return nil
        case (_, .header(let method)):
            throw unexpected(channel, "expected content header for class \(method.classID), got non content header frame instead", method)
        case (.body(_, var fragment), .body(let method, let header, let remaining, var body)):
            let left = remaining - Int64(fragment.readableBytes)
            if body.readableBytes == 0, left == 0 {
                body = fragment  // a body in one frame: no copy
            } else {
                body.writeBuffer(&fragment)
            }
            if left == 0 {
                channels[channel] = nil
                return Command(channel: channel, method: method, content: Content(header: header, body: body))
            }
            channels[channel] = .body(method, header, remaining: left, body: body)
            return nil
        case (_, .body(let method, _, _, _)):
            throw unexpected(channel, "expected content body, got non content body frame instead", method)
        }
    }

    /// How many bytes a channel's body frames went past its content header's body size, if
    /// they did. RabbitMQ's assembler goes on collecting in that case (and so does this one, for
    /// the broker); a reader of untrusted streams stops there instead of growing the body.
    public func bodyOverrun(channel: UInt16) -> Int64? {
        guard case .body(_, _, let remaining, _)? = channels[channel], remaining < 0 else { return nil }
        return -remaining
    }

    /// Forgets a channel's partial command, as when it is closed.
    public mutating func reset(channel: UInt16) { channels[channel] = nil }

    /// Whether a channel is between a content-bearing method and the end of its body.
    public func isAssembling(channel: UInt16) -> Bool { channels[channel] != nil }

    private func unexpected(_ channel: UInt16, _ text: String, _ method: Method) -> UnexpectedFrame {
        UnexpectedFrame(channel: channel, text: text, classID: method.classID, methodID: method.methodID)
    }
}
