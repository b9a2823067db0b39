import Hummingbird
import Testing

@Suite struct DefinitionsAndListingsTests {
    static let document = #"""
    {"users":[{"name":"d1","password":"p","tags":"administrator"}],"vhosts":[{"name":"dv"}],
     "permissions":[{"user":"d1","vhost":"dv","configure":".*","write":".*","read":".*"}],
     "exchanges":[{"name":"dx","vhost":"dv","type":"fanout","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],
     "queues":[{"name":"dq","vhost":"dv","durable":true,"auto_delete":false,"arguments":{}}],
     "bindings":[{"source":"dx","vhost":"dv","destination":"dq","destination_type":"queue","routing_key":"","arguments":{}}]}
    """#

    @Test func importThenExport() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.noContent, .post, "/api/definitions", Self.document)
            try await api.expect(.ok, .get, "/api/whoami", user: "d1", password: "p")
            let bindings = try await api.expect(.ok, .get, "/api/bindings/dv")
            #expect(bindings.array.compactMap { $0["properties_key"] as? String } == ["dq", "~"])
            let exported = try await api.expect(.ok, .get, "/api/definitions")
            #expect(exported.object["rabbit_version"] as? String == "3.10.8")
            #expect((exported.object["users"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["d1", "guest"])
            #expect((exported.object["vhosts"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["/", "dv"])
            #expect((exported.object["exchanges"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["dx"])
            #expect((exported.object["queues"] as? [[String: Any]])?.first?["vhost"] as? String == "dv")
            #expect((exported.object["bindings"] as? [[String: Any]])?.count == 1)
            let vhostOnly = try await api.expect(.ok, .get, "/api/definitions/dv")
            #expect(vhostOnly.object["users"] == nil)
            #expect((vhostOnly.object["queues"] as? [[String: Any]])?.first?["vhost"] == nil)
            #expect((vhostOnly.object["queues"] as? [[String: Any]])?.first?["name"] as? String == "dq")
            // The export imports again, unchanged.
            try await api.expect(.noContent, .post, "/api/definitions", exported.text)
            try await api.expect(.noContent, .post, "/api/definitions/%2F", #"{"queues":[{"name":"dq2","durable":true,"auto_delete":false,"arguments":{}}]}"#)
            try await api.expect(.ok, .get, "/api/queues/%2F/dq2")
        }
    }

    @Test func badDefinitions() async throws {
        try await ManagementHarness.run { api in
            try await api.expectError(.badRequest, "bad_request", "failed_to_parse_json", .post, "/api/definitions", "{")
            let missing = try await api.expect(.badRequest, .post, "/api/definitions", #"{"users":[{"name":"x"}]}"#)
            #expect((missing.error?.1 ?? "").contains("users[0]"))
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/definitions/nope")
            try await api.addUser("mgr", tags: "management")
            try await api.expectError(.unauthorized, "not_authorised", "Not administrator user", .get, "/api/definitions", user: "mgr", password: "pw")
        }
    }

    @Test func overviewAndEmptyListings() async throws {
        try await ManagementHarness.run { api in
            let overview = try await api.expect(.ok, .get, "/api/overview")
            #expect(overview.object["rabbitmq_version"] as? String == "3.10.8")
            #expect(overview.object["management_version"] as? String == "3.10.8")
            #expect((overview.object["object_totals"] as? [String: Any])?["exchanges"] as? Int == 7)
            #expect((overview.object["queue_totals"] as? [String: Any])?["messages"] as? Int == 0)
            #expect((overview.object["exchange_types"] as? [[String: Any]])?.count == 4)
            let connections = try await api.expect(.ok, .get, "/api/connections")
            #expect(connections.text == "[]")
            let channels = try await api.expect(.ok, .get, "/api/channels")
            #expect(channels.text == "[]")
        }
    }
}
