import Broker
import Foundation
import Hummingbird
import NIOCore

/// HTTP basic authentication as rabbit_mgmt_util:is_authorized does it: the internal user
/// database checks the password, the loopback rule applies to `loopback_users`, and the user
/// needs a management tag; then the endpoint's own requirement (administrator, vhost access).
enum BasicAuthentication {
    /// Tags that let a user use the management API at all (rabbit_mgmt_util:is_mgmt_user).
    static let managementTags: Set<UserTag> = [.management, .administrator, .monitoring, .policymaker]

    /// The user named by the `Authorization` header. A missing or unreadable header is the
    /// bare challenge (401, no body); a wrong password `Login failed`.
    static func authenticate(_ request: Request, remote: SocketAddress?, access: AccessControl) throws(ManagementError) -> User {
        guard let (name, password) = credentials(request.headers[.authorization]) else {
            var challenge = ManagementError.loginFailed
            challenge.hasBody = false
            throw challenge
        }
        let user: User
        do throws(LoginRefusal) {
            user = try access.authenticate(mechanism: "PLAIN", credentials: SASLCredentials(username: name, password: password))
        } catch {
            throw .loginFailed
        }
        if let remote, access.loopbackUsers.contains(user.name), !isLoopback(remote) {
            throw .notAuthorised("User can only log in via localhost")
        }
        guard user.tags.contains(where: managementTags.contains) else { throw .notAuthorised("Not management user") }
        return user
    }

    /// `Basic base64(user:password)`; the password may contain colons.
    static func credentials(_ header: String?) -> (String, String)? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
