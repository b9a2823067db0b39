/// A message that could not be decoded: where its first byte is in its direction's stream and
/// what was wrong, e.g. `at stream offset 120: RESP reply: bad length '-5'`.
public struct MessageDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Offset in this direction's stream where the bad message starts.
    public var streamOffset: Int64
    public var reason: String

    public init(streamOffset: Int64, reason: String) {
        self.streamOffset = streamOffset
        self.reason = reason
    }

    public var description: String { "at stream offset \(streamOffset): \(reason)" }
}
