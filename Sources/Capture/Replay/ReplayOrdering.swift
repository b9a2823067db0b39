/// How replayed connections wait for each other. Within a connection, requests are always
/// pipelined in captured order without waiting for replies.
public enum ReplayOrdering: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A client message captured after a reply on another connection is sent only once the
    /// replay's own answer to that reply's request has arrived: what one client saw before it
    /// spoke, the target has done before it hears the same words again.
    case capture
    /// Connections are independent; the fastest.
    case perConnection

    public var description: String { rawValue }
}
