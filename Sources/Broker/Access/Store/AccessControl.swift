import NIOConcurrencyHelpers
import NIOCore

/// The broker's access control, shared by every connection and the management API:
/// thread-safe, the state behind one lock. Connections call `login` and the checks
/// (`AccessControl+Operations`); the management API and definitions import call the
/// mutations, which take effect for the next check (RabbitMQ's per-channel permission cache
/// is not reproduced).
public final class AccessControl: Sendable {
    private let state: NIOLockedValueBox<AccessState>
    private let observers = NIOLockedValueBox<[@Sendable () -> Void]>([])
    public let matcher = PatternMatcher()
    /// rabbit's `loopback_users`: users that may log in only through a loopback address.
    public let loopbackUsers: Set<String>

    public init(state: AccessState = .firstBoot(), loopbackUsers: Set<String> = ["guest"]) {
        self.state = NIOLockedValueBox(state)
        self.loopbackUsers = loopbackUsers
    }

    /// Runs `observer` after every change to users, vhosts or permissions, outside the lock:
    /// durability saves the definitions file from it, so a change made through the
    /// management API survives a restart.
    public func onChange(_ observer: @escaping @Sendable () -> Void) {
        observers.withLockedValue { $0.append(observer) }
    }

    private func changed() {
        for observer in observers.withLockedValue({ $0 }) { observer() }
    }

    /// A copy of the whole state, for listing and export.
    public var snapshot: AccessState { state.withLockedValue { $0 } }

    /// Runs a change on the state atomically; a throwing change leaves the state as it was.
    public func update<T>(_ change: (inout AccessState) throws(AccessStoreError) -> T) throws(AccessStoreError) -> T {
        let result: Result<T, AccessStoreError> = state.withLockedValue { state in
            var copy = state
            do throws(AccessStoreError) {
                let value = try change(&copy)
                state = copy
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        let value = try result.get()
        changed()
        return value
    }

    /// Runs `body` under the lock, for changes that report their own errors.
    func withState<T>(_ body: (inout AccessState) -> T) -> T {
        defer { changed() }
        return state.withLockedValue(body)
    }

    // MARK: Management

    public func user(named name: String) -> User? { state.withLockedValue { $0.users[name] } }
    public func vhost(named name: String) -> VhostRecord? { state.withLockedValue { $0.vhosts[name] } }
    public func vhostExists(_ name: String) -> Bool { vhost(named: name) != nil }

    public func putUser(_ user: User) { withState { $0.putUser(user) } }
    public func deleteUser(_ name: String) throws(AccessStoreError) { try update { state throws(AccessStoreError) in try state.deleteUser(name) } }
    public func putVhost(_ vhost: VhostRecord) { withState { $0.putVhost(vhost) } }
    public func deleteVhost(_ name: String) throws(AccessStoreError) { try update { state throws(AccessStoreError) in try state.deleteVhost(name) } }

    public func setPermission(_ permission: UserPermission) throws(AccessStoreError) {
        let matcher = matcher
        try update { state throws(AccessStoreError) in try state.setPermission(permission, matcher: matcher) }
    }

    public func clearPermission(user: String, vhost: String) throws(AccessStoreError) {
        try update { state throws(AccessStoreError) in try state.clearPermission(user: user, vhost: vhost) }
    }

    public func setTopicPermission(_ permission: TopicPermission) throws(AccessStoreError) {
        let matcher = matcher
        try update { state throws(AccessStoreError) in try state.setTopicPermission(permission, matcher: matcher) }
    }

    public func clearTopicPermissions(user: String, vhost: String, exchange: String? = nil) throws(AccessStoreError) {
        try update { state throws(AccessStoreError) in try state.clearTopicPermissions(user: user, vhost: vhost, exchange: exchange) }
    }

    // MARK: Login

    /// Authenticates against the internal user database, then applies the loopback rule, in
    /// rabbit_reader:auth_phase's order (a wrong password from afar is "invalid credentials").
    /// `localAddress` is the connection's own address (see `isLoopback`); nil skips the rule.
    public func login(mechanism: String, credentials: SASLCredentials, localAddress: SocketAddress?) throws(LoginRefusal) -> User {
        let user = try authenticate(mechanism: mechanism, credentials: credentials)
        if let localAddress, loopbackUsers.contains(user.name), !isLoopback(localAddress) {
            throw .loopbackOnly(user.name, mechanism: mechanism)
        }
        return user
    }

    /// rabbit_auth_backend_internal:user_login_authentication: a blank password is refused
    /// outright; an unknown user, a wrong password and a user without a hash are all
    /// "invalid credentials".
    public func authenticate(mechanism: String, credentials: SASLCredentials) throws(LoginRefusal) -> User {
        let name = credentials.username
        guard !credentials.password.isEmpty else { throw .blankPassword(name, mechanism: mechanism) }
        guard let user = user(named: name), let hash = user.passwordHash, hash.verifies(credentials.password) else {
            throw .invalidCredentials(name, mechanism: mechanism)
        }
        return user
    }

    // MARK: Checks

    /// rabbit_access_control:check_vhost_access, as connection.open runs it: the vhost must
    /// exist (else the 3.10 limit check's `vhost X not found`) and the user must have a
    /// permission entry there, whatever its regexes.
    public func checkVhostAccess(user: String, vhost: String) throws(BrokerError) {
        let (exists, permitted) = state.withLockedValue { state in
            (state.vhosts[vhost] != nil, state.permission(user: user, vhost: vhost) != nil)
        }
        guard exists else { throw AccessRefusal.vhostNotFound(vhost) }
        guard permitted else { throw AccessRefusal.vhost(vhost, user: user) }
    }

    /// check_resource_access: the user's regex for `access` in the vhost must match the name
    /// somewhere. The default exchange `""` is checked as `amq.default`.
    public func checkResourceAccess(
        user: String, vhost: String, kind: AccessResourceKind, name: String, access: AccessType
    ) throws(BrokerError) {
        let name = kind == .exchange && name.isEmpty ? "amq.default" : name
        let pattern = state.withLockedValue { $0.permission(user: user, vhost: vhost)?.pattern(for: access) }
        guard let pattern, matcher.matches(pattern: pattern, subject: name) else {
            throw AccessRefusal.resource(kind, name, vhost: vhost, user: user)
        }
    }

    /// check_topic_access, for topic exchanges only: with no topic permission for the user,
    /// vhost and exchange, everything is allowed; otherwise the expanded regex must match the
    /// routing key (write, on publish) or binding key (read, on bind and unbind).
    public func checkTopicAccess(
        user: String, vhost: String, exchange: String, routingKey: String, access: AccessType
    ) throws(BrokerError) {
        let entry = state.withLockedValue { $0.topicPermission(user: user, vhost: vhost, exchange: exchange) }
        guard let entry else { return }
        let pattern = entry.pattern(for: access).map { TopicPermission.expand($0.isEmpty ? "^$" : $0, user: user, vhost: vhost) }
        guard let pattern, matcher.matches(pattern: pattern, subject: routingKey) else {
            throw AccessRefusal.topic(routingKey, exchange: exchange, vhost: vhost, user: user)
        }
    }
}
