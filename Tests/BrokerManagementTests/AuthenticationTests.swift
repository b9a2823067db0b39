import Hummingbird
import Testing

@Suite struct AuthenticationTests {
    @Test func missingCredentialsGetTheBareChallenge() async throws {
        try await ManagementHarness.run { api in
            let reply = try await api.request(.get, "/api/whoami", user: "")
            #expect(reply.status == .unauthorized)
            #expect(reply.text.isEmpty)
            #expect(reply.headers[.wwwAuthenticate] == #"Basic realm="RabbitMQ Management""#)
        }
    }

    @Test func wrongPasswordIsLoginFailed() async throws {
        try await ManagementHarness.run { api in
            try await api.expectError(.unauthorized, "not_authorized", "Login failed", .get, "/api/whoami", password: "nope")
            try await api.expectError(.unauthorized, "not_authorized", "Login failed", .get, "/api/whoami", user: "nobody")
        }
    }

    @Test func tagsDecideWhatAUserMayDo() async throws {
        try await ManagementHarness.run { api in
            try await api.addUser("plain", tags: "")
            try await api.expectError(.unauthorized, "not_authorised", "Not management user", .get, "/api/whoami", user: "plain", password: "pw")
            try await api.addUser("mgr", tags: "management")
            let me = try await api.expect(.ok, .get, "/api/whoami", user: "mgr", password: "pw")
            #expect(me.object["name"] as? String == "mgr")
            #expect(me.object["tags"] as? [String] == ["management"])
            try await api.expectError(.unauthorized, "not_authorised", "Not administrator user", .get, "/api/users", user: "mgr", password: "pw")
            try await api.expectError(.unauthorized, "not_authorised", "Not administrator user", .put, "/api/vhosts/v9", user: "mgr", password: "pw")
        }
    }

    @Test func vhostEndpointsNeedAPermissionEntry() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/vhosts/other")
            try await api.addUser("mgr", tags: "management")
            try await api.expectError(
                .unauthorized, "not_authorised", "User not authorised to access virtual host", .get, "/api/exchanges/other",
                user: "mgr", password: "pw")
            // Listings show only the vhosts the user may use.
            let exchanges = try await api.expect(.ok, .get, "/api/exchanges", user: "mgr", password: "pw")
            #expect(Set(exchanges.array.compactMap { $0["vhost"] as? String }) == ["/"])
        }
    }

    @Test func unknownPathsAndMethods() async throws {
        try await ManagementHarness.run { api in
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/nope")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/queues/%2F/q/x/y")
            let reply = try await api.request(.delete, "/api/whoami")
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow] == "HEAD, GET, OPTIONS")
        }
    }
}
