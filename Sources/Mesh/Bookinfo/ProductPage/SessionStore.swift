import NIOConcurrencyHelpers

/// productpage's session: Flask keeps `session['user']` in a signed cookie named `session`;
/// ours is the same cookie holding an opaque random token (128 bits, unguessable, so as good
/// as signed) that names a server-side entry. Bounded: the oldest sessions are forgotten.
public final class SessionStore: Sendable {
    public static let cookieName = "session"
    private let state = NIOLockedValueBox(State())
    private let capacity: Int

    private struct State {
        var users: [String: String] = [:]
        var order: [String] = []
    }

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The user of the session `token` names, if any.
    public func user(token: String?) -> String? {
        guard let token else { return nil }
        return state.withLockedValue { $0.users[token] }
    }

    /// Signs `user` in, reusing `token` when it names a live session; returns the token.
    public func signIn(_ user: String, token: String?) -> String {
        state.withLockedValue { state in
            if let token, state.users[token] != nil {
                state.users[token] = user
                return token
            }
            let fresh = Self.newToken()
            state.users[fresh] = user
            state.order.append(fresh)
            if state.order.count > capacity {
                let dropped = state.order.removeFirst()
                state.users[dropped] = nil
            }
            return fresh
        }
    }

    /// Forgets the session; true when there was one (Flask then clears the cookie).
    @discardableResult
    public func signOut(token: String?) -> Bool {
        guard let token else { return false }
        return state.withLockedValue { state in
            guard state.users.removeValue(forKey: token) != nil else { return false }
            state.order.removeAll { $0 == token }
            return true
        }
    }

    private static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The `session` cookie's value from a Cookie header.
    static func token(cookieHeader: String?) -> String? {
        guard let cookieHeader else { return nil }
        for pair in cookieHeader.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingSpaces == cookieName { return String(parts[1].trimmingSpaces) }
        }
        return nil
    }
}
