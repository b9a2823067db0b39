import Hummingbird
import Testing

@Suite struct ExchangesAndQueuesTests {
    @Test func exchangeLifecycle() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/exchanges/%2F/ex1", #"{"type":"direct","durable":true}"#)
            try await api.expect(.noContent, .put, "/api/exchanges/%2F/ex1", #"{"type":"direct","durable":true}"#)
            let ex1 = try await api.expect(.ok, .get, "/api/exchanges/%2F/ex1")
            #expect(ex1.object["type"] as? String == "direct")
            #expect(ex1.object["durable"] as? Bool == true)
            #expect(ex1.object["vhost"] as? String == "/")
            // Defaults of the exchange.declare record.
            try await api.expect(.created, .put, "/api/exchanges/%2F/ex2", "")
            let ex2 = try await api.expect(.ok, .get, "/api/exchanges/%2F/ex2")
            #expect(ex2.object["type"] as? String == "direct")
            #expect(ex2.object["durable"] as? Bool == false)
            let list = try await api.expect(.ok, .get, "/api/exchanges/%2F")
            #expect(list.array.compactMap { $0["name"] as? String } == ["", "amq.direct", "amq.fanout", "amq.headers", "amq.match", "amq.rabbitmq.trace", "amq.topic", "ex1", "ex2"])
            let defaultExchange = try await api.expect(.ok, .get, "/api/exchanges/%2F/amq.default")
            #expect(defaultExchange.object["name"] as? String == "")
            try await api.expect(.noContent, .delete, "/api/exchanges/%2F/ex2")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/exchanges/%2F/ex2")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/exchanges/%2F/ex2")
        }
    }

    @Test func exchangeRefusals() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/exchanges/%2F/ex1", #"{"type":"direct","durable":true}"#)
            try await api.expectError(
                .badRequest, "bad_request", "inequivalent arg 'type' for exchange 'ex1' in vhost '/': received 'fanout' but current is 'direct'",
                .put, "/api/exchanges/%2F/ex1", #"{"type":"fanout","durable":true}"#)
            try await api.expectError(.badRequest, "bad_request", "unknown exchange type 'nope'", .put, "/api/exchanges/%2F/ex3", #"{"type":"nope"}"#)
            try await api.expectError(.unauthorized, "not_authorised", "Access refused.", .put, "/api/exchanges/%2F/amq.foo", #"{"type":"direct"}"#)
            try await api.expectError(.notFound, "not_found", "vhost_not_found", .put, "/api/exchanges/nope/x", #"{"type":"direct"}"#)
            try await api.expectError(.badRequest, "bad_request", "not_json", .put, "/api/exchanges/%2F/e9", "{")
            let notBoolean = try await api.expect(.badRequest, .put, "/api/exchanges/%2F/e9", #"{"type":"direct","durable":"yes"}"#)
            #expect(notBoolean.object["reason"] as? [String] == ["not_boolean", "yes"])
            // The user's configure permission applies, as on a channel.
            try await api.addUser("mgr", tags: "management", permissions: ("^foo", "^foo", "^foo"))
            try await api.expectError(.unauthorized, "not_authorised", "Access refused.", .put, "/api/exchanges/%2F/bar", #"{"type":"direct"}"#, user: "mgr", password: "pw")
            try await api.expect(.created, .put, "/api/exchanges/%2F/foo1", #"{"type":"direct"}"#, user: "mgr", password: "pw")
            try await api.expectError(.unauthorized, "not_authorised", "Access refused.", .delete, "/api/exchanges/%2F/ex1", user: "mgr", password: "pw")
            // if-unused
            try await api.expect(.created, .put, "/api/queues/%2F/q1", "{}")
            try await api.expect(.created, .post, "/api/bindings/%2F/e/ex1/q/q1", #"{"routing_key":"k"}"#)
            try await api.expectError(.badRequest, "bad_request", "exchange 'ex1' in vhost '/' in use", .delete, "/api/exchanges/%2F/ex1?if-unused=true")
            try await api.expect(.noContent, .delete, "/api/exchanges/%2F/ex1")
        }
    }

    @Test func queueLifecycleWithCounts() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/queues/%2F/q1", #"{"durable":true,"arguments":{"x-max-length":10}}"#)
            try await api.expect(.noContent, .put, "/api/queues/%2F/q1", #"{"durable":true,"arguments":{"x-max-length":10}}"#)
            try await api.expectError(
                .badRequest, "bad_request", "inequivalent arg 'durable' for queue 'q1' in vhost '/': received 'false' but current is 'true'",
                .put, "/api/queues/%2F/q1", #"{"durable":false}"#)
            try await api.expectError(
                .badRequest, "bad_request", #"invalid arg 'x-max-length' for queue 'q2' in vhost '/': "expected integer, got longstr""#,
                .put, "/api/queues/%2F/q2", #"{"arguments":{"x-max-length":"a"}}"#)
            for _ in 0..<3 {
                try await api.expect(.ok, .post, "/api/exchanges/%2F/amq.default/publish", #"{"properties":{},"routing_key":"q1","payload":"m","payload_encoding":"string"}"#)
            }
            let q1 = try await api.expect(.ok, .get, "/api/queues/%2F/q1")
            #expect(q1.object["messages"] as? Int == 3)
            #expect(q1.object["messages_ready"] as? Int == 3)
            #expect(q1.object["consumers"] as? Int == 0)
            #expect((q1.object["arguments"] as? [String: Any])?["x-max-length"] as? Int == 10)
            let list = try await api.expect(.ok, .get, "/api/queues")
            #expect(list.array.compactMap { $0["name"] as? String } == ["q1"])
            try await api.expectError(.badRequest, "bad_request", "queue 'q1' in vhost '/' not empty", .delete, "/api/queues/%2F/q1?if-empty=true")
            try await api.expect(.noContent, .delete, "/api/queues/%2F/q1/contents")
            let purged = try await api.expect(.ok, .get, "/api/queues/%2F/q1")
            #expect(purged.object["messages"] as? Int == 0)
            try await api.expect(.noContent, .delete, "/api/queues/%2F/q1?if-empty=true")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/queues/%2F/q1")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/queues/%2F/q1")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/queues/%2F/q1/contents")
            try await api.addUser("mgr", tags: "management", permissions: ("^foo", "^foo", "^foo"))
            try await api.expectError(.unauthorized, "not_authorised", "Access refused.", .put, "/api/queues/%2F/bar", "{}", user: "mgr", password: "pw")
            try await api.expectError(.badRequest, "bad_request", "not_json", .put, "/api/queues/%2F/q9", "{{")
        }
    }
}
