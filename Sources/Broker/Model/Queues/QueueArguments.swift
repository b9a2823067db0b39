import AMQP

/// What a classic queue does when it is full (`x-overflow`).
public enum Overflow: String, Sendable {
    /// Drop (or dead-letter) the oldest ready messages.
    case dropHead = "drop-head"
    /// Refuse the new message; a confirming publisher gets basic.nack.
    case rejectPublish = "reject-publish"
    /// Refuse it and dead-letter it.
    case rejectPublishDLX = "reject-publish-dlx"
}

/// The `x-` arguments of a classic queue, validated as rabbit_amqqueue:check_declare_arguments
/// does in 3.10, with its 406 texts. Only arguments this broker acts on are kept as fields;
/// the rest (`x-max-priority`, `x-queue-mode`, `x-queue-version`, `x-queue-master-locator`)
/// are validated and stored in the queue's arguments only.
public struct QueueArguments: Sendable, Equatable {
    public var messageTTL: Int64?
    public var expires: Int64?
    public var maxLength: Int64?
    public var maxLengthBytes: Int64?
    public var overflow: Overflow = .dropHead
    public var deadLetterExchange: String?
    public var deadLetterRoutingKey: String?
    public var singleActiveConsumer = false

    public init() {}

    /// Validates `arguments` for queue `queue` and reads the settings.
    public init(validating arguments: FieldTable, queue: String, vhost: String) throws(BrokerError) {
        let resource = describeResource(.queue, queue, vhost: vhost)
        func fail(_ key: String, _ reason: String) -> BrokerError {
            .preconditionFailed("invalid arg '\(key)' for \(resource): \(reason)")
        }
        if let type = arguments["x-queue-type"], let reason = Self.checkQueueType(type) {
            throw fail("x-queue-type", reason)
        }
        if let type = arguments["x-queue-type"]?.stringValue, type != "classic" {
            // Quorum and stream queues are not part of this broker.
            throw .preconditionFailed("invalid arg 'x-queue-type' for \(resource): \"queue type '\(type)' is not supported by this broker\"")
        }
        for (key, check) in Self.validators {
            if let value = arguments[key], let reason = check(value, arguments) { throw fail(key, reason) }
        }
        for entry in arguments.entries where Self.otherTypesArguments.contains(entry.name) {
            throw .preconditionFailed("invalid arg '\(entry.name)' for \(resource) of queue type rabbit_classic_queue")
        }
        messageTTL = arguments["x-message-ttl"]?.integerValue
        expires = arguments["x-expires"]?.integerValue
        maxLength = arguments["x-max-length"]?.integerValue
        maxLengthBytes = arguments["x-max-length-bytes"]?.integerValue
        if let text = arguments["x-overflow"]?.stringValue, let mode = Overflow(rawValue: text) { overflow = mode }
        deadLetterExchange = arguments["x-dead-letter-exchange"]?.stringValue
        deadLetterRoutingKey = arguments["x-dead-letter-routing-key"]?.stringValue
        if case .boolean(let on)? = arguments["x-single-active-consumer"] { singleActiveConsumer = on }
    }

    /// The arguments compared on redeclare (classic queue_arguments), in RabbitMQ's order.
    public static let equivalenceKeys = [
        "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length",
        "x-max-length-bytes", "x-max-priority", "x-overflow", "x-queue-mode", "x-queue-version",
        "x-single-active-consumer", "x-queue-type", "x-queue-master-locator",
    ]

    /// Arguments of quorum and stream queues, refused on a classic queue.
    static let otherTypesArguments: Set<String> = [
        "x-dead-letter-strategy", "x-max-in-memory-length", "x-max-in-memory-bytes", "x-quorum-initial-group-size",
        "x-delivery-limit", "x-queue-leader-locator", "x-max-age", "x-stream-max-segment-size-bytes",
        "x-initial-cluster-size",
    ]

    typealias Check = @Sendable (FieldValue, FieldTable) -> String?

    /// declare_args() filtered to the classic queue's arguments, in declare_args order.
    static let validators: [(String, Check)] = [
        ("x-expires", { value, _ in
            if let error = intError(value) { return error }
            let n = value.integerValue ?? 0
            return n == 0 ? "{value_zero,0}" : expiryError(n)
        }),
        ("x-message-ttl", { value, _ in intError(value) ?? expiryError(value.integerValue ?? 0) }),
        ("x-dead-letter-exchange", { value, _ in
            if case .longString = value { return nil }
            return "{unacceptable_type,\(ErlangTerm.typeName(value))}"
        }),
        ("x-dead-letter-routing-key", { value, arguments in
            guard case .longString = value else { return "{unacceptable_type,\(ErlangTerm.typeName(value))}" }
            return arguments["x-dead-letter-exchange"] == nil ? "routing_key_but_no_dlx_defined" : nil
        }),
        ("x-max-length", { value, _ in nonNegativeError(value) }),
        ("x-max-length-bytes", { value, _ in nonNegativeError(value) }),
        ("x-max-priority", { value, _ in
            if let error = nonNegativeError(value) { return error }
            let n = value.integerValue ?? 0
            return n > 255 ? "{max_value_exceeded,\(n)}" : nil
        }),
        ("x-overflow", { value, _ in
            guard case .longString = value else { return "{unacceptable_type,\(ErlangTerm.typeName(value))}" }
            return Overflow(rawValue: value.stringValue ?? "") == nil ? "invalid_overflow" : nil
        }),
        ("x-queue-mode", { value, _ in
            guard case .longString(let bytes) = value else { return "{unacceptable_type,\(ErlangTerm.typeName(value))}" }
            let mode = String(decoding: bytes, as: UTF8.self)
            return ["default", "lazy"].contains(mode) ? nil : ErlangTerm.printString("unsupported queue mode '\(mode)'")
        }),
        ("x-queue-version", { value, _ in
            if let error = nonNegativeError(value) { return error }
            let n = value.integerValue ?? 0
            return n == 1 || n == 2 ? nil : ErlangTerm.printString("unsupported queue version '\(n)'")
        }),
        ("x-single-active-consumer", { value, _ in
            if case .boolean = value { return nil }
            return "{unacceptable_type,\(ErlangTerm.typeName(value))}"
        }),
        ("x-queue-type", { value, _ in checkQueueType(value) }),
    ]

    static func checkQueueType(_ value: FieldValue) -> String? {
        guard case .longString(let bytes) = value else { return "{unacceptable_type,\(ErlangTerm.typeName(value))}" }
        let type = String(decoding: bytes, as: UTF8.self)
        return ["classic", "quorum", "stream"].contains(type) ? nil : ErlangTerm.printString("unsupported queue type '\(type)'")
    }

    /// check_int_arg: the integer field types RabbitMQ accepts (not timestamps or decimals).
    static func intError(_ value: FieldValue) -> String? {
        switch value {
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64: nil
        default: ErlangTerm.printString("expected integer, got \(ErlangTerm.typeName(value))")
        }
    }

    static func nonNegativeError(_ value: FieldValue) -> String? {
        if let error = intError(value) { return error }
        let n = value.integerValue ?? 0
        return n < 0 ? "{value_negative,\(n)}" : nil
    }

    /// rabbit_misc:check_expiry: TTLs from 0 to ten years in milliseconds.
    public static func expiryError(_ n: Int64) -> String? {
        if n < 0 { return "{value_negative,\(n)}" }
        if n > 315_360_000_000 { return "{value_too_large,\(n)}" }
        return nil
    }
}
