import Foundation
import Hummingbird
import Mesh
import NIOConcurrencyHelpers
import Testing

/// The real registry is another part and not in this branch yet, so these tests serve the
/// two catalog endpoints discovery reads (with blocking queries) from a small in-test server.
final class CatalogServer: Sendable {
    struct State {
        var index = 1
        var catalog: [String: [ConsulCatalogService]] = [:]
        var down = false
    }

    let state = NIOLockedValueBox(State())

    func set(_ catalog: [String: [ConsulCatalogService]]) {
        state.withLockedValue { state in
            state.catalog = catalog
            state.index += 1
        }
    }

    func setDown(_ down: Bool) { state.withLockedValue { $0.down = down } }

    func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        router.get("/v1/catalog/services") { request, _ in
            try await self.answer(request) { catalog in catalog.mapValues { _ in [String]() } }
        }
        router.get("/v1/catalog/service/:name") { request, context in
            let name = try context.parameters.require("name")
            return try await self.answer(request) { catalog in catalog[name] ?? [] }
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { await onListening($0.localAddress?.port ?? 0) })
        try await app.run()
    }

    /// Holds a query whose index is current until the index moves or about a second passes.
    private func answer<Value: Encodable>(_ request: Request, _ view: @Sendable ([String: [ConsulCatalogService]]) -> Value) async throws -> Response {
        let asked = request.uri.queryParameters.get("index").flatMap { Int($0) }
        for _ in 0..<50 {
            let (index, down) = state.withLockedValue { ($0.index, $0.down) }
            if down { return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "rpc error: No cluster leader"))) }
            if asked != index { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let (index, catalog) = state.withLockedValue { ($0.index, $0.catalog) }
        let data = try JSONEncoder().encode(view(catalog))
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("X-Consul-Index")!] = String(index)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

@Suite struct RegistryWatcherTests {
    private func withCatalogServer(_ server: CatalogServer, _ body: @Sendable (String) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            do {
                try await body("http://127.0.0.1:\(port)")
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    @Test func followsRegistrationsAndOutagesOnlyLogOnce() async throws {
        let registry = CatalogServer()
        registry.set(BookinfoRegistry.catalog())
        let hub = DiscoveryHub()
        let logs = RecordedLogs()
        try await withCatalogServer(registry) { url in
            let watcher = RegistryWatcher(
                source: ConsulClient(baseURL: url), hub: hub, wait: .seconds(1), initialBackoff: .milliseconds(10),
                maxBackoff: .milliseconds(40), logger: logs.logger)
            let watching = Task { await watcher.run() }
            defer { watching.cancel() }
            #expect(await eventually { hub.services.count == 4 })
            #expect(hub.services.map(\.hostname).first == "details.service.consul")

            var catalog = BookinfoRegistry.catalog()
            catalog["mongodb"] = [BookinfoRegistry.entry("mongodb", id: "mongodb", address: "127.150.7.9", port: 27017, meta: ["protocol": "mongo"], index: 40)]
            registry.set(catalog)
            #expect(await eventually { hub.services.count == 5 })

            registry.setDown(true)
            #expect(await eventually { watcher.consecutiveFailures >= 3 })
            #expect(logs.count(.error) == 1)
            #expect(logs.messages(.error).first?.contains("HTTP 500") == true)
            #expect(hub.services.count == 5)

            registry.setDown(false)
            #expect(await eventually { watcher.consecutiveFailures == 0 })
            #expect(logs.messages(.notice).contains { $0.hasPrefix("registry reachable again") })

            registry.setDown(true)
            #expect(await eventually { watcher.consecutiveFailures >= 2 })
            #expect(logs.count(.error) == 2)
            watching.cancel()
            await watching.value
        }
    }

    @Test func aDeadRegistryLeavesTheControlPlaneServingTheLastKnownServices() async throws {
        // A port nothing listens on any more: start a server on port 0, note the port, stop it.
        let registry = CatalogServer()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let serving = Task { try await registry.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let deadPort = try #require(await iterator.next())
        serving.cancel()
        _ = try? await serving.value

        let hub = DiscoveryHub(services: BookinfoRegistry.services(protocol: nil))
        let logs = RecordedLogs()
        let client = ConsulClient.makeFailFastHTTPClient()
        let watcher = RegistryWatcher(
            source: ConsulClient(baseURL: "http://127.0.0.1:\(deadPort)", httpClient: client), hub: hub,
            initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40), logger: logs.logger)
        let watching = Task { await watcher.run() }
        let node = XDSNode(ip: BookinfoRegistry.ip("productpage"), name: "productpage-v1", cluster: "productpage")
        try await withDiscoveryServer(hub: hub) { port in
            #expect(await eventually { watcher.consecutiveFailures >= 3 })
            let answer = try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: try discoveryBody(version: "", node: node, type: .listeners))
            #expect(answer.status == 200)
            #expect(answer.body.contains("outbound|9080||details.service.consul"))
        }
        watching.cancel()
        await watching.value
        try await client.shutdown()
        #expect(logs.count(.error) == 1)
        #expect(logs.messages(.error).first?.contains("127.0.0.1:\(deadPort)") == true)
    }
}
