/// Identifies one client connection: the owner of exclusive queues and the party whose
/// closing deletes them. The connection layer hands these out, unique per broker run.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "connection-\(rawValue)" }
}
