/// A request that breaks the protocol. `message` is Redis's own wording; the server replies
/// `-ERR Protocol error: <message>` and then closes the connection, as Redis does.
public struct RESPProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// Short reason for the server log (Redis's `setProtocolError` text).
    public var logReason: String

    public init(_ message: String, logReason: String? = nil) {
        self.message = message
        self.logReason = logReason ?? message
    }

    public var description: String { "Protocol error: \(message)" }

    static let tooBigInline = RESPProtocolError("too big inline request")
    static let unbalancedQuotes = RESPProtocolError(
        "unbalanced quotes in request", logReason: "unbalanced quotes in inline request")
    static let tooBigMultibulkCount = RESPProtocolError("too big mbulk count string")
    static let invalidMultibulkLength = RESPProtocolError(
        "invalid multibulk length", logReason: "invalid mbulk count")
    static let unauthenticatedMultibulkLength = RESPProtocolError(
        "unauthenticated multibulk length", logReason: "unauth mbulk count")
    static let tooBigBulkCount = RESPProtocolError("too big bulk count string")
    static let invalidBulkLength = RESPProtocolError("invalid bulk length")
    static let unauthenticatedBulkLength = RESPProtocolError(
        "unauthenticated bulk length", logReason: "unauth bulk length")
    static func expectedDollar(got byte: UInt8) -> RESPProtocolError {
        RESPProtocolError(
            "expected '$', got '\(String(UnicodeScalar(byte)))'",
            logReason: "expected $ but got something else")
    }
}

/// Redis's request limits (`proto-max-bulk-len`, `PROTO_INLINE_MAX_SIZE`, the unauthenticated
/// caps of 7.0).
public struct RESPLimits: Sendable, Equatable {
    /// `proto-max-bulk-len`, 512 MB by default.
    public var maxBulkLength: Int
    /// Longest inline request or length line (`PROTO_INLINE_MAX_SIZE`, 64 KB).
    public var maxInlineSize: Int
    /// Bulk arguments at least this long are read into a buffer sized for them up front
    /// (`PROTO_MBULK_BIG_ARG`).
    public var bigArgument: Int
    /// Before AUTH, Redis 7.0 accepts at most 10 arguments of at most 16 KB each.
    public var unauthenticatedMaxArguments: Int
    public var unauthenticatedMaxBulkLength: Int

    public init(
        maxBulkLength: Int = 512 * 1024 * 1024,
        maxInlineSize: Int = 64 * 1024,
        bigArgument: Int = 32 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxInlineSize = maxInlineSize
        self.bigArgument = bigArgument
        self.unauthenticatedMaxArguments = 10
        self.unauthenticatedMaxBulkLength = 16384
    }
}
