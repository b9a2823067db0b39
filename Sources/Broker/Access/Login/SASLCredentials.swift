import AMQP

/// The user name and password a connection.start-ok response carries, read the way RabbitMQ
/// 3.10's auth mechanisms read it. A response that cannot be read is a connection-level
/// SYNTAX_ERROR (502), as rabbit_reader:auth_phase raises it.
public struct SASLCredentials: Hashable, Sendable {
    public var username: String
    /// Bytes, not text: RabbitMQ hashes the password bytes as they came.
    public var password: [UInt8]

    public init(username: String, password: [UInt8]) {
        self.username = username
        self.password = password
    }

    public init(username: String, password: String) {
        self.init(username: username, password: Array(password.utf8))
    }

    /// The mechanisms the broker offers in connection.start, in RabbitMQ 3.10's order.
    public static let mechanisms = ["PLAIN", "AMQPLAIN"]

    /// SASL PLAIN as rabbit_auth_mechanism_plain reads it: exactly `\0user\0pass`.
    /// 3.10 takes no authorization identity: a response that does not start with NUL
    /// (`authzid\0user\0pass`) is invalid, and so is a third NUL.
    public static func plain(_ response: [UInt8]) throws(BrokerError) -> SASLCredentials {
        var rest = response[...]
        guard let user = nulPrefixedElement(&rest), let pass = nulPrefixedElement(&rest), rest.isEmpty else {
            throw BrokerError(code: .syntaxError, text: "response \(erlangBinary(response)) invalid")
        }
        return SASLCredentials(username: String(decoding: user, as: UTF8.self), password: Array(pass))
    }

    /// AMQPLAIN as rabbit_auth_mechanism_amqplain reads it: a field table (sent without its
    /// length prefix; the connection decodes it with the codec's table reader) whose `LOGIN`
    /// and `PASSWORD` entries are strings.
    public static func amqplain(_ table: FieldTable) throws(BrokerError) -> SASLCredentials {
        guard let login = table["LOGIN"], let password = table["PASSWORD"] else {
            throw BrokerError(
                code: .syntaxError, text: "AMQPLAIN auth info \(erlangTable(table)) is missing LOGIN or PASSWORD field")
        }
        guard case .longString(let user) = login, case .longString(let pass) = password else {
            throw BrokerError(
                code: .syntaxError,
                text: "AMQPLAIN auth info \(erlangTable(table)) uses unsupported type for LOGIN or PASSWORD field")
        }
        return SASLCredentials(username: String(decoding: user, as: UTF8.self), password: pass)
    }

    /// extract_elem: a NUL, then everything up to the next NUL or the end.
    private static func nulPrefixedElement(_ rest: inout ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard rest.first == 0 else { return nil }
        rest = rest.dropFirst()
        let end = rest.firstIndex(of: 0) ?? rest.endIndex
        let element = rest[..<end]
        rest = rest[end...]
        return element
    }
}
