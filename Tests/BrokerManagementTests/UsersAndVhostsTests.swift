import Foundation
import Hummingbird
import Testing

@Suite struct UsersAndVhostsTests {
    @Test func userLifecycle() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/users/alice", #"{"password":"pw","tags":"management,monitoring"}"#)
            let alice = try await api.expect(.ok, .get, "/api/users/alice")
            #expect(alice.object["tags"] as? [String] == ["management", "monitoring"])
            #expect(alice.object["hashing_algorithm"] as? String == "rabbit_password_hashing_sha256")
            #expect((alice.object["password_hash"] as? String).flatMap { Data(base64Encoded: $0) }?.count == 36)
            try await api.expect(.ok, .get, "/api/whoami", user: "alice", password: "pw")
            // Replacing: 204, and the new password works, the old one not.
            try await api.expect(.noContent, .put, "/api/users/alice", #"{"password":"pw2","tags":["management"]}"#)
            try await api.expectError(.unauthorized, "not_authorized", "Login failed", .get, "/api/whoami", user: "alice", password: "pw")
            try await api.expect(.ok, .get, "/api/whoami", user: "alice", password: "pw2")
            let users = try await api.expect(.ok, .get, "/api/users")
            #expect(users.array.compactMap { $0["name"] as? String } == ["alice", "guest"])
            try await api.expect(.noContent, .delete, "/api/users/alice")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/users/alice")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/users/alice")
        }
    }

    @Test func passwordHashFromAnotherBroker() async throws {
        try await ManagementHarness.run { api in
            // guest's hash as RabbitMQ 3.10.8 made it (salt + SHA-256 of "guest").
            let hash = "dZ/SoKjb2CYDtM7o4OaSPDVc9XUYiBJ52klmz6FejeMRps5p"
            try await api.expect(.created, .put, "/api/users/u2", #"{"password_hash":"\#(hash)","hashing_algorithm":"rabbit_password_hashing_sha256","tags":"management"}"#)
            let u2 = try await api.expect(.ok, .get, "/api/users/u2")
            #expect(u2.object["password_hash"] as? String == hash)
            try await api.expect(.ok, .get, "/api/whoami", user: "u2", password: "guest")
        }
    }

    @Test func badUserBodies() async throws {
        try await ManagementHarness.run { api in
            try await api.expectError(.badRequest, "bad_request", "tags_not_present", .put, "/api/users/carl", #"{"password":"x"}"#)
            try await api.expectError(.badRequest, "bad_request", "not_json", .put, "/api/users/dan", "{")
            try await api.expectError(.badRequest, "bad_request", "not_json", .put, "/api/users/dan", "[1]")
            try await api.expectError(
                .badRequest, "bad_request", "invalid payload: the request body JSON-decoded to a string. Is the input doubly-JSON-encoded?",
                .put, "/api/users/dan", #""{}""#)
            let reply = try await api.expect(.badRequest, .put, "/api/users/u3", "{\"password_hash\":\"###\",\"tags\":\"\"}")
            #expect(reply.object["reason"] as? [String] == ["not_base64", "###"])
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/users/dan")
        }
    }

    @Test func vhostLifecycleGivesTheCreatorPermissions() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/vhosts/v1")
            try await api.expect(.noContent, .put, "/api/vhosts/v1", #"{"description":"d","tags":"a,b"}"#)
            let v1 = try await api.expect(.ok, .get, "/api/vhosts/v1")
            #expect(v1.object["description"] as? String == "d")
            #expect(v1.object["tags"] as? [String] == ["a", "b"])
            #expect(v1.object["messages"] as? Int == 0)
            let permission = try await api.expect(.ok, .get, "/api/permissions/v1/guest")
            #expect(permission.object["configure"] as? String == ".*")
            // The new vhost has its built-in exchanges.
            try await api.expect(.ok, .get, "/api/exchanges/v1/amq.topic")
            let slash = try await api.expect(.ok, .get, "/api/vhosts/%2F")
            #expect(slash.object["name"] as? String == "/")
            let all = try await api.expect(.ok, .get, "/api/vhosts")
            #expect(all.array.compactMap { $0["name"] as? String } == ["/", "v1"])
            try await api.expect(.noContent, .delete, "/api/vhosts/v1")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/vhosts/v1")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/exchanges/v1/amq.topic")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/vhosts/v1")
        }
    }
}
