/// A user's topic permission on one topic exchange of a vhost: regexes matched against the
/// routing keys it publishes with (write) and the binding keys it binds with (read).
/// `{username}` and `{vhost}` in a pattern stand for the connection's user and vhost.
public struct TopicPermission: Hashable, Sendable, Codable {
    public var user: String
    public var vhost: String
    public var exchange: String
    public var write: String
    public var read: String

    public init(user: String, vhost: String, exchange: String, write: String, read: String) {
        self.user = user
        self.vhost = vhost
        self.exchange = exchange
        self.write = write
        self.read = read
    }

    /// Topic permissions exist for write and read only; configure has no pattern.
    public func pattern(for access: AccessType) -> String? {
        switch access {
        case .configure: nil
        case .write: write
        case .read: read
        }
    }

    /// The pattern with its variables replaced, as 3.10's expand_topic_permission does it:
    /// a plain text replacement, `{username}` first and then `{vhost}` (the variable map's key
    /// order), the values not regex-escaped (escaping came in later releases).
    public static func expand(_ pattern: String, user: String, vhost: String) -> String {
        pattern.replacingAll("{username}", with: user).replacingAll("{vhost}", with: vhost)
    }

    var key: TopicPermissionKey { TopicPermissionKey(user: user, vhost: vhost, exchange: exchange) }
}

struct TopicPermissionKey: Hashable, Sendable {
    var user: String
    var vhost: String
    var exchange: String
}

extension String {
    /// binary:replace(…, [global]) on the UTF-8 bytes, left to right, without rescanning.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let bytes = Array(utf8)
        let needle = Array(target.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + needle.count <= bytes.count, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: replacement.utf8)
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
