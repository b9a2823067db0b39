import Hummingbird
import Testing

@Suite struct MessagesTests {
    static let hello = #"{"properties":{"headers":{"h":1},"delivery_mode":2},"routing_key":"k","payload":"hello","payload_encoding":"string"}"#

    @Test func publishRoutesAndGetReadsBack() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/exchanges/%2F/ex1", #"{"type":"direct"}"#)
            try await api.expect(.created, .put, "/api/queues/%2F/q1", "{}")
            try await api.expect(.created, .post, "/api/bindings/%2F/e/ex1/q/q1", #"{"routing_key":"k"}"#)
            let routed = try await api.expect(.ok, .post, "/api/exchanges/%2F/ex1/publish", Self.hello)
            #expect(routed.object["routed"] as? Bool == true)
            let unrouted = try await api.expect(.ok, .post, "/api/exchanges/%2F/ex1/publish", #"{"properties":{},"routing_key":"none","payload":"aGk=","payload_encoding":"base64"}"#)
            #expect(unrouted.object["routed"] as? Bool == false)

            let first = try await api.expect(.ok, .post, "/api/queues/%2F/q1/get", #"{"count":5,"ackmode":"ack_requeue_true","encoding":"auto","truncate":50000}"#)
            #expect(first.array.count == 1)
            let message = first.array.first ?? [:]
            #expect(message["payload"] as? String == "hello")
            #expect(message["payload_encoding"] as? String == "string")
            #expect(message["payload_bytes"] as? Int == 5)
            #expect(message["redelivered"] as? Bool == false)
            #expect(message["exchange"] as? String == "ex1")
            #expect(message["routing_key"] as? String == "k")
            #expect(message["message_count"] as? Int == 0)
            let properties = message["properties"] as? [String: Any] ?? [:]
            #expect(properties["delivery_mode"] as? Int == 2)
            #expect((properties["headers"] as? [String: Any])?["h"] as? Int == 1)

            // Requeued: there again, now redelivered; base64 and truncation.
            let second = try await api.expect(.ok, .post, "/api/queues/%2F/q1/get", #"{"count":5,"ackmode":"ack_requeue_false","encoding":"base64","truncate":2}"#)
            #expect(second.array.first?["redelivered"] as? Bool == true)
            #expect(second.array.first?["payload"] as? String == "aGU=")
            #expect(second.array.first?["payload_encoding"] as? String == "base64")
            #expect(second.array.first?["payload_bytes"] as? Int == 5)
            let empty = try await api.expect(.ok, .post, "/api/queues/%2F/q1/get", #"{"count":5,"ackmode":"ack_requeue_true","encoding":"auto"}"#)
            #expect(empty.array.isEmpty)
        }
    }

    @Test func rejectWithoutRequeueDeadLetters() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/queues/%2F/dead", "{}")
            try await api.expect(.created, .put, "/api/queues/%2F/q1", #"{"arguments":{"x-dead-letter-exchange":"","x-dead-letter-routing-key":"dead"}}"#)
            try await api.expect(.ok, .post, "/api/exchanges/%2F/amq.default/publish", #"{"properties":{},"routing_key":"q1","payload":"x","payload_encoding":"string"}"#)
            try await api.expect(.ok, .post, "/api/queues/%2F/q1/get", #"{"count":1,"ackmode":"reject_requeue_false","encoding":"auto"}"#)
            let dead = try await api.expect(.ok, .get, "/api/queues/%2F/dead")
            #expect(dead.object["messages"] as? Int == 1)
        }
    }

    @Test func badPublishAndGetBodies() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/queues/%2F/q1", "{}")
            try await api.expectError(
                .badRequest, "bad_request", "[{key_missing,payload},{key_missing,payload_encoding}]", .post, "/api/exchanges/%2F/amq.default/publish",
                #"{"properties":{},"routing_key":"k"}"#)
            let unsupported = try await api.expect(
                .badRequest, .post, "/api/exchanges/%2F/amq.default/publish", #"{"properties":{},"routing_key":"k","payload":"x","payload_encoding":"bogus"}"#)
            #expect(unsupported.object["reason"] as? [String] == ["unsupported_encoding", "bogus"])
            try await api.expectError(
                .badRequest, "bad_request", "404 NOT_FOUND - no exchange 'nope' in vhost '/'", .post, "/api/exchanges/%2F/nope/publish",
                #"{"properties":{},"routing_key":"k","payload":"x","payload_encoding":"string"}"#)
            try await api.expectError(.badRequest, "bad_request", "not_json", .post, "/api/exchanges/%2F/amq.default/publish", "nope")
            try await api.expectError(.badRequest, "bad_request", "[{key_missing,ackmode},{key_missing,encoding}]", .post, "/api/queues/%2F/q1/get", #"{"count":5}"#)
            try await api.expectError(
                .badRequest, "bad_request", "Unsupported encoding. Please use auto or base64.", .post, "/api/queues/%2F/q1/get",
                #"{"count":1,"ackmode":"ack_requeue_true","encoding":"x"}"#)
            try await api.expectError(
                .notFound, "not_found", "NOT_FOUND - no queue 'nope' in vhost '/'", .post, "/api/queues/%2F/nope/get",
                #"{"count":1,"ackmode":"ack_requeue_true","encoding":"auto"}"#)
            // Write permission applies to publish, read to get.
            try await api.addUser("mgr", tags: "management", permissions: ("", "^foo", "^foo"))
            try await api.expectError(
                .badRequest, "bad_request", "403 ACCESS_REFUSED - access to exchange 'amq.default' in vhost '/' refused for user 'mgr'",
                .post, "/api/exchanges/%2F/amq.default/publish", #"{"properties":{},"routing_key":"q1","payload":"x","payload_encoding":"string"}"#,
                user: "mgr", password: "pw")
            try await api.expectError(
                .unauthorized, "not_authorised", "ACCESS_REFUSED - access to queue 'q1' in vhost '/' refused for user 'mgr'",
                .post, "/api/queues/%2F/q1/get", #"{"count":1,"ackmode":"ack_requeue_true","encoding":"auto"}"#, user: "mgr", password: "pw")
        }
    }
}
