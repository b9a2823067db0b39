import AsyncHTTPClient
import Mesh
import Testing

/// ConsulClient against the registry served for real on 127.0.0.1:0.
@Suite struct ConsulClientTests {
    static func withRegistry(_ body: (ConsulRegistry, ConsulClient) async throws -> Void) async throws {
        let registry = ConsulRegistry()
        try await withRunningServer({ ConsulRegistryServer.application(registry: registry, host: "127.0.0.1", port: 0, onListening: $0) }) { port in
            try await body(registry, ConsulClient(baseURL: "http://127.0.0.1:\(port)/"))
        }
    }

    @Test func registerReadDeregister() async throws {
        try await Self.withRegistry { _, client in
            let details = ConsulServiceRegistration(
                id: "shakedown:details-v1:9080", name: "details", tags: ["version|v1"], address: "127.0.100.1", port: 9080,
                meta: ["protocol": "http"])
            try await client.register(details)
            try await client.register(ConsulServiceRegistration(id: "shakedown:ratings-v1:9080", name: "ratings", tags: ["version|v1"], port: 9080))

            let services = try await client.services()
            #expect(services.index == 3)
            #expect(services.value == ["details": ["version|v1"], "ratings": ["version|v1"]])

            let rows = try await client.service("details")
            #expect(rows.index == 3)
            #expect(rows.value.map(\.serviceID) == ["shakedown:details-v1:9080"])
            #expect(rows.value.first?.serviceAddress == "127.0.100.1")
            #expect(rows.value.first?.serviceMeta == ["protocol": "http"])
            #expect(try await client.service("ratings").value.first?.serviceMeta == [:])
            #expect(try await client.service("unknown").value.isEmpty)

            try await client.deregister(serviceID: "shakedown:details-v1:9080")
            try await client.deregister(serviceID: "shakedown:details-v1:9080")
            #expect(try await client.services().value.keys.sorted() == ["ratings"])
        }
    }

    @Test func blockingReadWakesOnRegistration() async throws {
        try await Self.withRegistry { registry, client in
            let before = try await client.services()
            async let after = client.services(index: before.index, wait: .seconds(60))
            #expect(await eventually { registry.waitingQueries == 1 })
            try await client.register(ConsulServiceRegistration(name: "productpage"))
            let answer = try await after
            #expect(answer.index > before.index)
            #expect(answer.value["productpage"] == [])

            let unchanged = try await client.service("productpage", index: answer.index, wait: .milliseconds(20))
            #expect(unchanged.index == answer.index)
        }
    }

    @Test func refusalsNameTheURLAndReason() async throws {
        try await Self.withRegistry { _, client in
            let error = await #expect(throws: ConsulClientError.self) { try await client.register(ConsulServiceRegistration(name: "")) }
            #expect(error?.status == 400)
            #expect(error?.reason == "Missing service name")
            #expect(error?.description.hasPrefix("PUT http://127.0.0.1:") == true)
            #expect(error?.description.hasSuffix("/v1/agent/service/register: HTTP 400: Missing service name") == true)
        }
    }

    @Test func registryDownIsAClearError() async throws {
        // A port that was just free: bind, learn it, stop.
        var freePort = 0
        try await withRunningServer({ ConsulRegistryServer.application(host: "127.0.0.1", port: 0, onListening: $0) }) { freePort = $0 }
        let client = ConsulClient(baseURL: "http://127.0.0.1:\(freePort)")
        let error = await #expect(throws: ConsulClientError.self) { try await client.services() }
        #expect(error?.status == nil)
        #expect(error?.url == "http://127.0.0.1:\(freePort)/v1/catalog/services")
    }
}
