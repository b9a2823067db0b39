/// Why a change to users, vhosts or permissions was refused, with the wording of
/// rabbit_auth_backend_internal's and rabbit_vhost's errors, for the management API to send.
public enum AccessStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case noSuchUser(String)
    case noSuchVhost(String)
    /// A permission regex that does not compile (`re:compile` failed): nothing was changed.
    case invalidRegex(String)

    public var description: String {
        switch self {
        case .noSuchUser(let user): "user '\(user)' does not exist"
        case .noSuchVhost(let vhost): "virtual host '\(vhost)' does not exist"
        case .invalidRegex(let pattern): "regular expression '\(pattern)' is invalid"
        }
    }
}
