/// An internal user (rabbit_auth_backend_internal): a name, a password hash, and tags.
/// A user without a hash (created without a password, or whose password was cleared) cannot
/// log in with a password.
public struct User: Hashable, Sendable {
    public var name: String
    public var passwordHash: PasswordHash?
    public var tags: [UserTag]

    public init(name: String, passwordHash: PasswordHash?, tags: [UserTag] = []) {
        self.name = name
        self.passwordHash = passwordHash
        self.tags = tags
    }

    /// A user whose password is hashed now, with the default algorithm (SHA-256).
    public init(name: String, password: String, tags: [UserTag] = []) {
        self.init(name: name, passwordHash: PasswordHash(hashing: password), tags: tags)
    }

    public func hasTag(_ tag: UserTag) -> Bool { tags.contains(tag) }
}
