import AMQP

/// A refusal the broker sends back as channel.close or connection.close: the reply code, and
/// the explanation RabbitMQ writes after the code's name (`"no queue 'q' in vhost '/'"`).
/// Whether it closes the channel or the connection follows from the code
/// (`ReplyCode.closesConnection`), as in rabbit_binary_generator:map_exception.
public struct BrokerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: ReplyCode
    public var text: String

    public init(code: ReplyCode, text: String) {
        self.code = code
        self.text = text
    }

    /// The reply-text field as it goes on the wire: `"NOT_FOUND - no queue 'q' in vhost '/'"`,
    /// cut to the 255 bytes a short string holds.
    public var replyText: String {
        let full = "\(code.name) - \(text)"
        var bytes = Array(full.utf8)
        guard bytes.count > 255 else { return full }
        bytes.removeLast(bytes.count - 255)
        // Never cut inside a UTF-8 sequence.
        while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
        if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { replyText }

    public static func notFound(_ text: String) -> BrokerError { BrokerError(code: .notFound, text: text) }
    public static func preconditionFailed(_ text: String) -> BrokerError { BrokerError(code: .preconditionFailed, text: text) }
    public static func accessRefused(_ text: String) -> BrokerError { BrokerError(code: .accessRefused, text: text) }
    public static func resourceLocked(_ text: String) -> BrokerError { BrokerError(code: .resourceLocked, text: text) }
}
