/// The application protocols Shakedown decodes and replays.
public enum ApplicationProtocol: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case resp
    case amqp
    case http

    public var description: String { rawValue }
}
