import Testing

@testable import Broker

@Suite("Password hashes as rabbit_password makes them")
struct PasswordHashTests {
    /// Made by RabbitMQ 3.10.8's own code (rabbit_password:hash/2 run in erl against the
    /// Debian package's ebin), so they carry its random salts.
    static let madeByRabbitMQ: [(PasswordHashingAlgorithm, String, String)] = [
        (.sha256, "guest", "jKN0q4Qln4eQnQQhJkKQl05iXdB5Jt6Oh3McQ7JMQpVnSaex"),
        (.sha256, "s3cr3t pw", "zRoW6oyGuUoAL2FrOBGDIEStnXNyecLloF9tF3nd5eaL9gnm"),
        (.sha512, "guest", "I2bZ5BjiWv21bM7jtxhtI4PISxwnAdgpJrsf4KSQjhl2knnvrwHZjBP3nGfFlB/KN5y9qtw9R6V2cSKKsdbu42Hyjas="),
        (.sha512, "s3cr3t pw", "C/64eTY3heqS7yf3By1sLrwjuWxbWkDnzNpMMkDOUhkqYsGl20QygMHWFMYEjPdr4vFC9e/mGkviMZEdSMqqk6CJv8w="),
        (.md5, "guest", "ly2w14B7bbLSK6fBqOkRl97n1ks="),
        (.md5, "s3cr3t pw", "DTEROq9w1Fmlbk3vv+pMefJZtsY="),
    ]

    @Test("hashes made by RabbitMQ verify their password and no other", arguments: 0..<6)
    func rabbitHashesVerify(index: Int) throws {
        let (algorithm, password, base64) = Self.madeByRabbitMQ[index]
        let hash = try #require(PasswordHash(base64: base64, algorithm: algorithm))
        #expect(hash.verifies(password))
        #expect(!hash.verifies(password + "x"))
        #expect(!hash.verifies(""))
        // The same bytes read with another algorithm verify nothing.
        let other = PasswordHashingAlgorithm.allCases.first { $0 != algorithm }!
        #expect(!PasswordHash(algorithm: other, bytes: hash.bytes).verifies(password))
    }

    @Test("with a fixed salt the hash is exactly base64(salt ++ sha256(salt ++ password)), as computed in Python")
    func knownSaltMatchesPython() {
        // python3: s=bytes([0x90,0x8d,0xc6,0x0a]); base64.b64encode(s+hashlib.sha256(s+b'guest').digest())
        let salt: [UInt8] = [0x90, 0x8D, 0xC6, 0x0A]
        #expect(PasswordHash(hashing: "guest", salt: salt).base64 == "kI3GCrswBLNZQzHJJ95QLoyfAVooYhnvf7jbqiW9BjOYUloe")
        #expect(PasswordHash(hashing: "guest", algorithm: .md5, salt: salt).base64 == "kI3GCsLphS59YDqYemSoxQGij64=")
        #expect(
            PasswordHash(hashing: "guest", algorithm: .sha512, salt: salt).base64
                == "kI3GCrf65LdSkFyP8BVa8fB/67dDZ7ljrRF4WEjLDwWuHFxFQjgE88vc4EqLc8+dW4j5onKsGl4Ty32Icokl1iJrRxk=")
        // Non-ASCII passwords hash their UTF-8 bytes.
        #expect(PasswordHash(hashing: "pässwörd", salt: [1, 2, 3, 4]).base64 == "AQIDBPwtq5ZIwNBPpzi5rjcenzm3jkMbdjQ9/km2mOuj20ER")
    }

    @Test("fresh hashes get fresh 4-byte salts and verify")
    func freshSalts() {
        let a = PasswordHash(hashing: "pw")
        let b = PasswordHash(hashing: "pw")
        #expect(a.bytes.count == 4 + 32)
        #expect(a.verifies("pw") && b.verifies("pw"))
        #expect(a.bytes != b.bytes)
    }

    @Test("a hash shorter than its salt, or empty, matches no password")
    func shortHashes() {
        #expect(!PasswordHash(algorithm: .sha256, bytes: []).verifies(""))
        #expect(!PasswordHash(algorithm: .sha256, bytes: [1, 2, 3]).verifies("pw"))
        #expect(!PasswordHash(algorithm: .sha256, bytes: [1, 2, 3, 4]).verifies("pw"))
        #expect(PasswordHash(base64: "not base64!", algorithm: .sha256) == nil)
    }

    @Test("definitions without hashing_algorithm: MD5 for files from 3.0 to 3.5, SHA-256 otherwise")
    func assumedAlgorithm() {
        #expect(PasswordHashingAlgorithm.assumed(forDefinitionsVersion: "3.5.7") == .md5)
        #expect(PasswordHashingAlgorithm.assumed(forDefinitionsVersion: "3.0.0") == .md5)
        #expect(PasswordHashingAlgorithm.assumed(forDefinitionsVersion: "3.6.0") == .sha256)
        #expect(PasswordHashingAlgorithm.assumed(forDefinitionsVersion: "3.10.8") == .sha256)
        #expect(PasswordHashingAlgorithm.assumed(forDefinitionsVersion: nil) == .sha256)
    }
}
