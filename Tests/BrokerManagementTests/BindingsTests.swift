import Foundation
import Hummingbird
import Testing

@Suite struct BindingsTests {
    @Test func bindingLifecycleAndPropertiesKeys() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/exchanges/%2F/ex1", #"{"type":"direct"}"#)
            try await api.expect(.created, .put, "/api/queues/%2F/q1", "{}")
            let plain = try await api.expect(.created, .post, "/api/bindings/%2F/e/ex1/q/q1", #"{"routing_key":"k","arguments":{}}"#)
            #expect(plain.headers[.location] == "q1/k")
            let withArgs = try await api.expect(.created, .post, "/api/bindings/%2F/e/ex1/q/q1", #"{"routing_key":"k 2/x","arguments":{"a":1}}"#)
            let location = withArgs.headers[.location] ?? ""
            #expect(location.hasPrefix("q1/k%2B2%252Fx~"))
            let toExchange = try await api.expect(.created, .post, "/api/bindings/%2F/e/ex1/e/amq.fanout", #"{"routing_key":""}"#)
            #expect(toExchange.headers[.location] == "amq.fanout/~")

            let all = try await api.expect(.ok, .get, "/api/bindings/%2F")
            let keys = all.array.map { "\($0["source"] ?? "")>\($0["destination"] ?? ""):\($0["properties_key"] ?? "")" }
            #expect(keys.count == 4)
            #expect(keys.first == ">q1:q1")
            #expect(keys[1] == "ex1>amq.fanout:~")
            #expect(keys[2] == "ex1>q1:k")
            #expect(keys[3].hasPrefix("ex1>q1:k+2%2Fx~"))
            let between = try await api.expect(.ok, .get, "/api/bindings/%2F/e/ex1/q/q1")
            #expect(between.array.count == 2)
            let hashed = between.array.compactMap { $0["properties_key"] as? String }.first { $0.contains("~") } ?? ""
            #expect(hashed.count == "k+2%2Fx~".count + 6)

            let one = try await api.expect(.ok, .get, "/api/bindings/%2F/e/ex1/q/q1/k")
            #expect(one.object["destination_type"] as? String == "queue")
            let encodedKey = hashed.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "+", with: "%2B")
            try await api.expect(.ok, .get, "/api/bindings/%2F/e/ex1/q/q1/\(encodedKey)")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/bindings/%2F/e/ex1/q/q1/zz")
            try await api.expect(.noContent, .delete, "/api/bindings/%2F/e/ex1/q/q1/k")
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .delete, "/api/bindings/%2F/e/ex1/q/q1/k")
            try await api.expect(.noContent, .delete, "/api/bindings/%2F/e/ex1/e/amq.fanout/~")
            let source = try await api.expect(.ok, .get, "/api/exchanges/%2F/ex1/bindings/source")
            #expect(source.array.count == 1)
            let queueBindings = try await api.expect(.ok, .get, "/api/queues/%2F/q1/bindings")
            #expect(queueBindings.array.count == 2)
        }
    }

    @Test func bindingRefusals() async throws {
        try await ManagementHarness.run { api in
            try await api.expect(.created, .put, "/api/exchanges/%2F/ex1", #"{"type":"direct"}"#)
            try await api.expectError(.notFound, "not_found", "no queue 'nope' in vhost '/'", .post, "/api/bindings/%2F/e/ex1/q/nope", #"{"routing_key":""}"#)
            try await api.expectError(.notFound, "Object Not Found", "Not Found", .get, "/api/bindings/%2F/e/ex1/q/nope")
            try await api.expectError(.unauthorized, "not_authorised", "Access refused.", .post, "/api/bindings/%2F/e/amq.default/e/ex1", #"{"routing_key":""}"#)
            try await api.expectError(.badRequest, "bad_request", "not_json", .post, "/api/bindings/%2F/e/ex1/e/amq.fanout", "{")
        }
    }
}
