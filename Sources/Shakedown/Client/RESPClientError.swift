/// Why a request got no reply. Whether the command may have run matters to the history:
/// a request never sent certainly did not happen (`fail`); one sent and not answered may
/// have (`info`).
public enum RESPClientError: Error, Sendable, CustomStringConvertible {
    /// No connection: the command was not sent.
    case connectFailed(address: String, reason: String)
    /// Sent, and no reply within the timeout: the connection is dropped, the outcome unknown.
    case timedOut(address: String, after: Duration)
    /// Sent, and the connection closed before the reply.
    case connectionClosed(address: String)
    /// The reply was not RESP.
    case protocolError(address: String, reason: String)

    /// True when the command certainly did not run.
    public var notSent: Bool {
        if case .connectFailed = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .connectFailed(let address, let reason): "cannot connect to \(address): \(reason)"
        case .timedOut(let address, let after): "no reply from \(address) within \(DurationText.format(after))"
        case .connectionClosed(let address): "\(address) closed the connection before replying"
        case .protocolError(let address, let reason): "bad reply from \(address): \(reason)"
        }
    }
}
