import Foundation

/// A stored password as rabbit_password makes it: 4 random salt bytes followed by
/// `digest(salt ++ UTF-8 password)`, shown base64-encoded in definitions and the management API.
public struct PasswordHash: Hashable, Sendable {
    public var algorithm: PasswordHashingAlgorithm
    /// Salt and digest, as stored; may be empty (a user whose password was cleared).
    public var bytes: [UInt8]

    public init(algorithm: PasswordHashingAlgorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Hashes `password` with a fresh random salt (or the given one, for tests).
    public init(hashing password: String, algorithm: PasswordHashingAlgorithm = .sha256, salt: [UInt8]? = nil) {
        let salt = salt ?? withUnsafeBytes(of: UInt32.random(in: .min ... .max)) { Array($0) }
        self.init(algorithm: algorithm, bytes: salt + algorithm.digest(salt + Array(password.utf8)))
    }

    /// Reads the base64 text of a definitions file; nil when it is not base64.
    public init?(base64: String, algorithm: PasswordHashingAlgorithm) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(algorithm: algorithm, bytes: Array(data))
    }

    public var base64: String { Data(bytes).base64EncodedString() }

    /// Whether `password` hashes to this. Like RabbitMQ, anything shorter than the 4 salt
    /// bytes matches no password.
    public func verifies(_ password: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let salt = Array(bytes[0..<4])
        let expected = bytes[4...]
        let actual = algorithm.digest(salt + password)
        guard actual.count == expected.count else { return false }
        // Constant time: the comparison should not tell how many leading bytes were right.
        return zip(actual, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    public func verifies(_ password: String) -> Bool { verifies(Array(password.utf8)) }
}
