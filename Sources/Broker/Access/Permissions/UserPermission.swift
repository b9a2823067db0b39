/// One user's permissions in one vhost: a regex per access type, matched against resource
/// names. Having an entry at all, even with three empty regexes, grants access to the vhost.
public struct UserPermission: Hashable, Sendable, Codable {
    public var user: String
    public var vhost: String
    public var configure: String
    public var write: String
    public var read: String

    public init(user: String, vhost: String, configure: String, write: String, read: String) {
        self.user = user
        self.vhost = vhost
        self.configure = configure
        self.write = write
        self.read = read
    }

    public func pattern(for access: AccessType) -> String {
        switch access {
        case .configure: configure
        case .write: write
        case .read: read
        }
    }

    var key: UserVhostKey { UserVhostKey(user: user, vhost: vhost) }
}

/// The key RabbitMQ stores permissions under (#user_vhost{}).
struct UserVhostKey: Hashable, Sendable {
    var user: String
    var vhost: String
}
