import Hummingbird
import NIOConcurrencyHelpers
import Testing

@testable import Mesh

/// A stand-in registry recording the agent calls (the team's registry lives in another part):
/// answers 200 as Consul's agent endpoints do.
final class RecordingRegistry: BookinfoService {
    let calls = NIOLockedValueBox<[(method: String, path: String, body: String)]>([])

    func respond(to request: IncomingRequest) async -> Response {
        calls.withLockedValue { $0.append((request.method.rawValue, request.rawPath, String(buffer: request.body))) }
        return Response(status: .ok)
    }

    var recorded: [(method: String, path: String, body: String)] { calls.withLockedValue { $0 } }
}

@Suite struct RegistrationTests {
    @Test(arguments: RegistratorFlavor.allCases)
    func registersAsRegistratorAndDeregistersOnStop(flavor: RegistratorFlavor) async throws {
        let topology = BookinfoMeshlessTopology()
        let registry = RecordingRegistry()
        do {
            let address = try await topology.serve(registry)
            let app = try await topology.app(.details, registry: "http://\(address)", registrator: flavor)
            #expect(await app.registration?.waitUntilRegistered(timeout: .seconds(10)) == true)
            let register = try #require(registry.recorded.first)
            #expect(register.method == "PUT" && register.path == "/v1/agent/service/register")
            var expected: [BookinfoJSON.Member] = [
                .init("ID", .string("shakedown:details-v1:9080")), .init("Name", .string("details")),
                .init("Tags", .array([.string("version|v1")])), .init("Address", .string("127.0.0.1")), .init("Port", .int(9080)),
            ]
            if flavor == .master { expected.append(.init("Meta", .object([.init("protocol", .string("http"))]))) }
            guard case .object(let members) = try BookinfoJSONParser.parse(register.body) else {
                Issue.record("registration body is not an object: \(register.body)")
                return
            }
            #expect(members.sorted { $0.key < $1.key } == expected.sorted { $0.key < $1.key })
            await app.stop()
            let deregister = try #require(registry.recorded.last)
            #expect(deregister.method == "PUT" && deregister.path == "/v1/agent/service/deregister/shakedown:details-v1:9080")
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    @Test func environmentOverridesNameTagsAndProtocol() {
        let registration = BookinfoRegistration.make(
            service: "reviews", version: "v2", address: "127.100.1.5", flavor: .master,
            environment: ["SERVICE_9080_NAME": "reviews", "SERVICE_TAGS": "version|v2,canary", "SERVICE_PROTOCOL": "tcp"])
        #expect(registration.tags == ["version|v2", "canary"])
        #expect(registration.meta == ["protocol": "tcp"])
        #expect(registration.port == 9080 && registration.address == "127.100.1.5")
    }

    @Test func keepsServingWhileTheRegistryIsDown() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let down = try await topology.closedAddress()
            let app = try await topology.app(.ratings, registry: "http://\(down)")
            let health = try await BookinfoTest.fetch("\(app.url)/health")
            #expect(health.body == #"{"status":"Ratings is healthy"}"#)
            #expect(app.registration?.isRegistered == false)
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    /// The registry comes up after the app: the app keeps retrying and registers then.
    @Test func registersOnceTheRegistryComesUp() async throws {
        let topology = BookinfoMeshlessTopology()
        // A pod-style address (contract test rules) so the port can be chosen before binding.
        let host = "127.\(Int.random(in: 100...199)).\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
        let registry = RecordingRegistry()
        do {
            let app = try await topology.app(.reviews, version: "v3", registry: "http://\(host):8500")
            try await Task.sleep(for: .milliseconds(300))
            #expect(app.registration?.isRegistered == false)
            let server = try await BookinfoHTTPServer.start(registry, host: host, port: 8500, logger: BookinfoTest.logger)
            #expect(await app.registration?.waitUntilRegistered(timeout: .seconds(15)) == true)
            #expect(registry.recorded.first?.body.contains(#""ID":"shakedown:reviews-v3:9080""#) == true)
            await topology.shutdown()
            await server.stop()
            return
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }
}
