/// Per-packet problems met while reading a capture: all counted, the first few kept (with
/// file, packet number and offset) so a huge broken capture cannot fill memory.
public struct CaptureProblems: Sendable {
    public let limit: Int
    public private(set) var count = 0
    /// The first `limit` problems, in the order found (a dropped IP datagram is found after
    /// its first fragment's packet, when time, a limit or the end of the file gives up on it).
    public private(set) var first: [CaptureError] = []

    public init(limit: Int = 100) { self.limit = max(0, limit) }

    public mutating func record(_ problem: CaptureError) {
        count += 1
        if first.count < limit { first.append(problem) }
    }
}
