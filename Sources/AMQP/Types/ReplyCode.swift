/// AMQP 0-9-1 reply codes (rabbit_framing.hrl) and the names RabbitMQ prefixes reply texts
/// with: `"ACCESS_REFUSED - access to queue 'q' in vhost '/' refused for user 'u'"`.
public enum ReplyCode: UInt16, Sendable, CaseIterable {
    case success = 200
    case contentTooLarge = 311
    case noRoute = 312
    case noConsumers = 313
    case connectionForced = 320
    case invalidPath = 402
    case accessRefused = 403
    case notFound = 404
    case resourceLocked = 405
    case preconditionFailed = 406
    case frameError = 501
    case syntaxError = 502
    case commandInvalid = 503
    case channelError = 504
    case unexpectedFrame = 505
    case resourceError = 506
    case notAllowed = 530
    case notImplemented = 540
    case internalError = 541

    public var name: String {
        switch self {
        case .success: "OK"
        case .contentTooLarge: "CONTENT_TOO_LARGE"
        case .noRoute: "NO_ROUTE"
        case .noConsumers: "NO_CONSUMERS"
        case .connectionForced: "CONNECTION_FORCED"
        case .invalidPath: "INVALID_PATH"
        case .accessRefused: "ACCESS_REFUSED"
        case .notFound: "NOT_FOUND"
        case .resourceLocked: "RESOURCE_LOCKED"
        case .preconditionFailed: "PRECONDITION_FAILED"
        case .frameError: "FRAME_ERROR"
        case .syntaxError: "SYNTAX_ERROR"
        case .commandInvalid: "COMMAND_INVALID"
        case .channelError: "CHANNEL_ERROR"
        case .unexpectedFrame: "UNEXPECTED_FRAME"
        case .resourceError: "RESOURCE_ERROR"
        case .notAllowed: "NOT_ALLOWED"
        case .notImplemented: "NOT_IMPLEMENTED"
        case .internalError: "INTERNAL_ERROR"
        }
    }

    /// Soft errors close only the channel; hard ones the whole connection (AMQP 0-9-1 §1.2).
    public var closesConnection: Bool {
        switch self {
        case .contentTooLarge, .noRoute, .noConsumers, .accessRefused, .notFound, .resourceLocked, .preconditionFailed:
            false
        default:
            true
        }
    }
}
