/// Counts of what a `ConversationReader` has read and produced so far.
public struct ConversationStatistics: Hashable, Sendable {
    /// Packets read from the file (segments, for a reader over a segment list).
    public var packets = 0
    public var segments = 0
    public var connections = 0
    public var messages = 0
    public var problems = 0

    public init() {}
}
