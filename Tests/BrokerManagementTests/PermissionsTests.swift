import Hummingbird
import Testing

@Suite struct PermissionsTests {
    @Test func permissionLifecycle() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/users/alice", #"{"password":"pw","tags":"management"}"#)
            try await api.expect(.created, .put, "/api/permissions/%2F/alice", #"{"configure":"^a","write":".*","read":".*"}"#)
            try await api.expect(.noContent, .put, "/api/permissions/%2F/alice", #"{"configure":"^b","write":".*","read":".*"}"#)
            let one = try await api.expect(.ok, .get, "/api/permissions/%2F/alice")
            #expect(one.object["configure"] as? String == "^b")
            #expect(one.object["vhost"] as? String == "/")
            let all = try await api.expect(.ok, .get, "/api/permissions")
            #expect(all.array.count == 2)
            let byUser = try await api.expect(.ok, .get, "/api/users/alice/permissions")
            #expect(byUser.array.compactMap { $0["user"] as? String } == ["alice"])
            let byVhost = try await api.expect(.ok, .get, "/api/vhosts/%2F/permissions")
            #expect(byVhost.array.compactMap { $0["user"] as? String } == ["alice", "guest"])
            try await api.expect(.noContent, .delete, "/api/permissions/%2F/alice")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/permissions/%2F/alice")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/permissions/%2F/alice")
        }
    }

    @Test func badPermissionBodies() async throws {
        try await ManagementHarness.run { api in
            try await api.expectError(.badRequest, "bad_request", "[{key_missing,read}]", .put, "/api/permissions/%2F/guest", #"{"configure":"^a","write":".*"}"#)
            try await api.expectError(
                .badRequest, "bad_request", "[{key_missing,configure},{key_missing,write},{key_missing,read}]", .put, "/api/permissions/%2F/guest", "{}")
            try await api.expectError(
                .badRequest, "bad_request", "vhost_or_user_not_found", .put, "/api/permissions/%2F/zed", #"{"configure":"","write":"","read":""}"#)
            try await api.expectError(
                .badRequest, "bad_request", "vhost_or_user_not_found", .put, "/api/permissions/nope/guest", #"{"configure":"","write":"","read":""}"#)
            let bad = try await api.expect(.badRequest, .put, "/api/permissions/%2F/guest", #"{"configure":"(","write":".*","read":".*"}"#)
            #expect((bad.object["reason"] as? [Any])?.first as? String == "invalid_regexp")
            // Nothing changed.
            let guest = try await api.expect(.ok, .get, "/api/permissions/%2F/guest")
            #expect(guest.object["configure"] as? String == ".*")
        }
    }

    @Test func topicPermissionLifecycle() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/topic-permissions/%2F/guest", #"{"exchange":"amq.topic","write":"^a","read":".*"}"#)
            try await api.expect(.noContent, .put, "/api/topic-permissions/%2F/guest", #"{"exchange":"amq.topic","write":"^b","read":".*"}"#)
            let mine = try await api.expect(.ok, .get, "/api/topic-permissions/%2F/guest")
            #expect(mine.array.count == 1)
            #expect(mine.array.first?["write"] as? String == "^b")
            #expect(mine.array.first?["exchange"] as? String == "amq.topic")
            try await api.expect(.ok, .get, "/api/topic-permissions")
            let byUser = try await api.expect(.ok, .get, "/api/users/guest/topic-permissions")
            #expect(byUser.array.count == 1)
            try await api.expectError(.badRequest, "bad_request", "[{key_missing,write},{key_missing,read}]", .put, "/api/topic-permissions/%2F/guest", #"{"exchange":"x"}"#)
            try await api.expect(.noContent, .delete, "/api/topic-permissions/%2F/guest")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/topic-permissions/%2F/guest")
            let byVhost = try await api.expect(.ok, .get, "/api/vhosts/%2F/topic-permissions")
            #expect(byVhost.array.isEmpty)
        }
    }
}
