/// Everything access control knows, as a value: users, vhosts, permissions and topic
/// permissions, with the runtime parameters and policies a definitions file brought (kept so
/// that an export gives them back; nothing here acts on them). `AccessControl` guards one of
/// these; tests and definitions import work on copies.
public struct AccessState: Hashable, Sendable {
    public private(set) var users: [String: User] = [:]
    public private(set) var vhosts: [String: VhostRecord] = [:]
    var permissionsByKey: [UserVhostKey: UserPermission] = [:]
    var topicPermissionsByKey: [TopicPermissionKey: TopicPermission] = [:]
    public var parameters: [Definitions.Parameter] = []
    public var globalParameters: [Definitions.GlobalParameter] = []
    public var policies: [Definitions.Policy] = []

    /// No users, no vhosts: nobody can log in.
    public init() {}

    /// What RabbitMQ creates on first boot (rabbit:insert_default_data): vhost `/`, user
    /// `guest` with password `guest` and the `administrator` tag, and `.*` `.*` `.*` for guest
    /// on `/`.
    public static func firstBoot() -> AccessState {
        var state = AccessState()
        state.putVhost(.defaultVhost)
        state.putUser(User(name: "guest", password: "guest", tags: [.administrator]))
        state.permissionsByKey[UserVhostKey(user: "guest", vhost: "/")] =
            UserPermission(user: "guest", vhost: "/", configure: ".*", write: ".*", read: ".*")
        return state
    }

    public var permissions: [UserPermission] {
        permissionsByKey.values.sorted { ($0.user, $0.vhost) < ($1.user, $1.vhost) }
    }

    public var topicPermissions: [TopicPermission] {
        topicPermissionsByKey.values.sorted { ($0.user, $0.vhost, $0.exchange) < ($1.user, $1.vhost, $1.exchange) }
    }

    public func permission(user: String, vhost: String) -> UserPermission? {
        permissionsByKey[UserVhostKey(user: user, vhost: vhost)]
    }

    public func topicPermission(user: String, vhost: String, exchange: String) -> TopicPermission? {
        topicPermissionsByKey[TopicPermissionKey(user: user, vhost: vhost, exchange: exchange)]
    }

    // MARK: Users

    /// Creates the user or replaces it (its permissions stay).
    public mutating func putUser(_ user: User) {
        users[user.name] = user
    }

    /// Deletes the user with its permissions and topic permissions.
    public mutating func deleteUser(_ name: String) throws(AccessStoreError) {
        guard users.removeValue(forKey: name) != nil else { throw .noSuchUser(name) }
        permissionsByKey = permissionsByKey.filter { $0.key.user != name }
        topicPermissionsByKey = topicPermissionsByKey.filter { $0.key.user != name }
    }

    // MARK: Vhosts

    /// Creates the vhost or updates its description and tags.
    public mutating func putVhost(_ vhost: VhostRecord) {
        vhosts[vhost.name] = vhost
    }

    /// Deletes the vhost with every permission in it. (Its exchanges and queues are the
    /// model's to delete.)
    public mutating func deleteVhost(_ name: String) throws(AccessStoreError) {
        guard vhosts.removeValue(forKey: name) != nil else { throw .noSuchVhost(name) }
        permissionsByKey = permissionsByKey.filter { $0.key.vhost != name }
        topicPermissionsByKey = topicPermissionsByKey.filter { $0.key.vhost != name }
        parameters.removeAll { $0.vhost == name }
        policies.removeAll { $0.vhost == name }
    }

    // MARK: Permissions

    /// Sets (or replaces) a user's permissions in a vhost. As in set_permissions, every regex
    /// must compile and the user and vhost must exist.
    public mutating func setPermission(_ permission: UserPermission, matcher: PatternMatcher) throws(AccessStoreError) {
        for pattern in [permission.configure, permission.write, permission.read] where !matcher.compiles(pattern) {
            throw .invalidRegex(pattern)
        }
        try requireUserAndVhost(permission.user, permission.vhost)
        permissionsByKey[permission.key] = permission
    }

    public mutating func clearPermission(user: String, vhost: String) throws(AccessStoreError) {
        try requireUserAndVhost(user, vhost)
        permissionsByKey[UserVhostKey(user: user, vhost: vhost)] = nil
    }

    /// Sets (or replaces) a user's topic permission on one exchange of a vhost.
    public mutating func setTopicPermission(_ permission: TopicPermission, matcher: PatternMatcher) throws(AccessStoreError) {
        for pattern in [permission.write, permission.read] where !matcher.compiles(pattern) {
            throw .invalidRegex(pattern)
        }
        try requireUserAndVhost(permission.user, permission.vhost)
        topicPermissionsByKey[permission.key] = permission
    }

    /// Clears the user's topic permission on one exchange, or on every exchange of the vhost
    /// when `exchange` is nil (DELETE /api/topic-permissions/{vhost}/{user}).
    public mutating func clearTopicPermissions(user: String, vhost: String, exchange: String? = nil) throws(AccessStoreError) {
        try requireUserAndVhost(user, vhost)
        topicPermissionsByKey = topicPermissionsByKey.filter { key, _ in
            !(key.user == user && key.vhost == vhost && (exchange == nil || key.exchange == exchange))
        }
    }

    /// rabbit_vhost:with_user_and_vhost checks the user first.
    private func requireUserAndVhost(_ user: String, _ vhost: String) throws(AccessStoreError) {
        guard users[user] != nil else { throw .noSuchUser(user) }
        guard vhosts[vhost] != nil else { throw .noSuchVhost(vhost) }
    }
}
