import Crypto

/// The hashing modules RabbitMQ 3.10 knows, named as definitions files and the management API
/// name them (`hashing_algorithm`). A hash is `digest(salt ++ password)`.
public enum PasswordHashingAlgorithm: String, Hashable, Sendable, CaseIterable, Codable {
    case sha256 = "rabbit_password_hashing_sha256"
    case sha512 = "rabbit_password_hashing_sha512"
    /// What users created before 3.6.0 carry; still accepted in definitions.
    case md5 = "rabbit_password_hashing_md5"

    /// The module 3.10 picks when a definitions file names none: MD5 for files exported by
    /// 3.0–3.5 (rabbit_auth_backend_internal:hashing_algorithm/2), the default otherwise.
    public static func assumed(forDefinitionsVersion version: String?) -> PasswordHashingAlgorithm {
        guard let version else { return .sha256 }
        let md5Series = ["3.0.", "3.1.", "3.2.", "3.3.", "3.4.", "3.5."]
        return md5Series.contains { version.hasPrefix($0) } ? .md5 : .sha256
    }

    func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        case .md5: Array(Insecure.MD5.hash(data: bytes))
        }
    }
}
