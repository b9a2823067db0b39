import NIOCore
import Testing

@testable import Broker

@Suite("Login against the internal user database")
struct LoginTests {
    let loopback = try! SocketAddress(ipAddress: "127.0.0.1", port: 5672)
    let remote = try! SocketAddress(ipAddress: "10.1.2.3", port: 5672)

    func access() -> AccessControl {
        var state = AccessState.firstBoot()
        state.putUser(User(name: "bob", password: "secret"))
        state.putUser(User(name: "nohash", passwordHash: nil))
        return AccessControl(state: state)
    }

    @Test("first boot: guest/guest, administrator, .* .* .* on /")
    func firstBoot() throws {
        let state = AccessState.firstBoot()
        let guest = try #require(state.users["guest"])
        #expect(guest.tags == [.administrator])
        #expect(guest.passwordHash?.algorithm == .sha256)
        #expect(guest.passwordHash?.verifies("guest") == true)
        #expect(state.vhosts["/"] == VhostRecord(name: "/", description: "Default virtual host"))
        #expect(state.permissions == [UserPermission(user: "guest", vhost: "/", configure: ".*", write: ".*", read: ".*")])
        #expect(state.topicPermissions.isEmpty)
    }

    @Test("right password logs in; wrong password, unknown user and a user without a hash are invalid credentials")
    func credentials() throws {
        let access = access()
        #expect(try access.login(mechanism: "PLAIN", credentials: .init(username: "bob", password: "secret"), localAddress: remote).name == "bob")
        for (user, password) in [("bob", "wrong"), ("nobody", "secret"), ("nohash", "x")] {
            let refusal = LoginRefusal(mechanism: "PLAIN", username: user, reason: "user '\(user)' - invalid credentials")
            #expect(throws: refusal) {
                try access.login(mechanism: "PLAIN", credentials: .init(username: user, password: password), localAddress: loopback)
            }
            #expect(refusal.logMessage == "PLAIN login refused: user '\(user)' - invalid credentials")
        }
    }

    @Test("a blank password is refused before the user is looked up")
    func blankPassword() {
        #expect {
            try access().login(mechanism: "AMQPLAIN", credentials: .init(username: "nobody", password: ""), localAddress: loopback)
        } throws: { error in
            let refusal = error as? LoginRefusal
            return refusal?.reason.hasPrefix("user 'nobody' attempted to log in with a blank password") == true
                && refusal?.mechanism == "AMQPLAIN"
        }
    }

    @Test("guest may log in only through a loopback address; other users from anywhere")
    func loopbackUsers() throws {
        let access = access()
        let guest = SASLCredentials(username: "guest", password: "guest")
        #expect(try access.login(mechanism: "PLAIN", credentials: guest, localAddress: loopback).name == "guest")
        let refusal = LoginRefusal(mechanism: "PLAIN", username: "guest", reason: "user 'guest' can only connect via localhost")
        #expect(throws: refusal) { try access.login(mechanism: "PLAIN", credentials: guest, localAddress: remote) }
        #expect(refusal.logMessage == "PLAIN login refused: user 'guest' can only connect via localhost")
        // A wrong password from afar is invalid credentials, not the loopback refusal.
        #expect(throws: LoginRefusal.invalidCredentials("guest", mechanism: "PLAIN")) {
            try access.login(mechanism: "PLAIN", credentials: .init(username: "guest", password: "x"), localAddress: remote)
        }
        #expect(try access.login(mechanism: "PLAIN", credentials: .init(username: "bob", password: "secret"), localAddress: remote).name == "bob")
        // With no loopback users, guest logs in from anywhere.
        let open = AccessControl(state: .firstBoot(), loopbackUsers: [])
        #expect(try open.login(mechanism: "PLAIN", credentials: guest, localAddress: remote).name == "guest")
    }

    @Test("clients with authentication_failure_close get 403 and a text that tells nothing")
    func closeError() {
        let error = LoginRefusal.invalidCredentials("bob", mechanism: "PLAIN").closeError
        #expect(error.code == .accessRefused)
        #expect(error.replyText == "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.")
    }

    @Test(
        "loopback addresses: 127.0.0.0/8, ::1 and IPv4-mapped 127.x",
        arguments: [
            ("127.0.0.1", true), ("127.200.3.4", true), ("::1", true), ("::ffff:127.0.0.1", true),
            ("10.0.0.1", false), ("128.0.0.1", false), ("::2", false), ("::ffff:10.0.0.1", false), ("fe80::1", false),
            ("0.0.0.0", false),
        ])
    func loopbackAddresses(address: String, expected: Bool) throws {
        #expect(isLoopback(try SocketAddress(ipAddress: address, port: 1)) == expected)
    }
}
