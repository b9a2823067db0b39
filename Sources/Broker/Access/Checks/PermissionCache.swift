/// A channel's memory of its last 12 successful permission checks, as rabbit_channel keeps it
/// (MAX_PERMISSION_CACHE_SIZE), so that a publisher does not run a regex per message. As in
/// RabbitMQ, a permission revoked while the channel is open keeps working for what is cached:
/// "changes to user permissions may only take effect when the user reconnects". Refusals are
/// never cached. One per channel; the channel's user and vhost are fixed, so they are not part
/// of the key.
public struct PermissionCache: Sendable {
    struct Resource: Hashable, Sendable {
        var kind: AccessResourceKind
        var name: String
        var access: AccessType
    }

    struct Topic: Hashable, Sendable {
        var exchange: String
        var routingKey: String
        var access: AccessType
    }

    static let size = 12
    private(set) var resources: [Resource] = []
    private(set) var topics: [Topic] = []

    public init() {}

    /// `AccessControl.checkResourceAccess`, skipped when the same check passed recently.
    public mutating func checkResourceAccess(
        _ control: AccessControl, user: String, vhost: String, kind: AccessResourceKind, name: String, access: AccessType
    ) throws(BrokerError) {
        let key = Resource(kind: kind, name: name, access: access)
        if resources.contains(key) { return }
        try control.checkResourceAccess(user: user, vhost: vhost, kind: kind, name: name, access: access)
        resources.insert(key, at: 0)
        if resources.count > Self.size { resources.removeLast() }
    }

    /// `AccessControl.checkTopicAccess`, skipped when the same check passed recently.
    public mutating func checkTopicAccess(
        _ control: AccessControl, user: String, vhost: String, exchange: String, routingKey: String, access: AccessType
    ) throws(BrokerError) {
        let key = Topic(exchange: exchange, routingKey: routingKey, access: access)
        if topics.contains(key) { return }
        try control.checkTopicAccess(user: user, vhost: vhost, exchange: exchange, routingKey: routingKey, access: access)
        topics.insert(key, at: 0)
        if topics.count > Self.size { topics.removeLast() }
    }

    /// What rabbit_channel does on hibernation and when the user's state is updated.
    public mutating func clear() {
        resources.removeAll()
        topics.removeAll()
    }
}
