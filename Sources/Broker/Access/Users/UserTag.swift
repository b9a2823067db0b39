/// A user tag. RabbitMQ gives meaning to a few (the management UI and API check them, and
/// `impersonator` lets a publisher set another user's `user_id`), but any word is a valid tag.
public struct UserTag: RawRepresentable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let administrator: UserTag = "administrator"
    public static let management: UserTag = "management"
    public static let monitoring: UserTag = "monitoring"
    public static let policymaker: UserTag = "policymaker"
    public static let impersonator: UserTag = "impersonator"

    public var description: String { rawValue }
    public static func < (a: UserTag, b: UserTag) -> Bool { a.rawValue < b.rawValue }

    /// Tags as rabbit_auth_backend_internal:tag_list_from reads a comma-separated string
    /// (`"administrator, management"`): split on commas, trimmed, empty parts dropped.
    public static func list(fromCommaSeparated text: String) -> [UserTag] {
        text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.map { UserTag($0) }
    }
}

extension Substring {
    /// string:strip/1: blanks at both ends, nothing else.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
