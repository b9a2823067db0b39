/// A connection the synthesizer cannot make packets for, or an event that does not fit the
/// connection's state (data after that side's FIN, anything after a reset...).
public struct TCPSynthesisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `client -> server`, as the endpoints print.
    public var connection: String
    public var reason: String

    public init(connection: String, reason: String) {
        self.connection = connection
        self.reason = reason
    }

    public var description: String { "\(connection): \(reason)" }
}
