import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Mesh
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// The REST-JSON xDS contract served by a small in-test control plane: a request carrying
/// the current version is held until the version changes (or 1 s passes).
final class TestControlPlane: Sendable {
    let state = NIOLockedValueBox<XDSSnapshot>(PilotShapes.snapshot(version: "1", listeners: [], clusters: []))
    let requests = NIOLockedValueBox<[XDSDiscoveryRequest]>([])

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v2/*") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let discovery = try JSONDecoder().decode(XDSDiscoveryRequest.self, from: Data(buffer: body))
            self.requests.withLockedValue { $0.append(discovery) }
            for _ in 0..<50 where self.state.withLockedValue({ $0.version }) == discovery.versionInfo {
                try await Task.sleep(for: .milliseconds(20))
            }
            let snapshot = self.state.withLockedValue { $0 }
            let encoder = JSONEncoder()
            let data: Data
            switch request.uri.path {
            case "/v2/discovery:clusters": data = try encoder.encode(XDSDiscoveryResponse(versionInfo: snapshot.version, resources: snapshot.clusters, type: .clusters, nonce: "n"))
            case "/v2/discovery:endpoints": data = try encoder.encode(XDSDiscoveryResponse(versionInfo: snapshot.version, resources: snapshot.endpoints, type: .endpoints, nonce: "n"))
            case "/v2/discovery:listeners": data = try encoder.encode(XDSDiscoveryResponse(versionInfo: snapshot.version, resources: snapshot.listeners, type: .listeners, nonce: "n"))
            case "/v2/discovery:routes": data = try encoder.encode(XDSDiscoveryResponse(versionInfo: snapshot.version, resources: snapshot.routes, type: .routes, nonce: "n"))
            default: return Response(status: .notFound)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return router
    }
}

@Suite struct XDSClientTests {
    func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
    }

    @Test func longPollsAppliesNewVersionsAndKeepsTheLastWhenTheControlPlaneIsGone() async throws {
        let plane = TestControlPlane()
        let prefix = PodAddress.randomPrefix()
        let logger = { var logger = Logger(label: "xds-test"); logger.logLevel = .critical; return logger }()
        let podIP = "\(prefix).2"
        let readyCount = NIOLockedValueBox(0)
        let sidecarBox = NIOLockedValueBox<Sidecar?>(nil)
        let task = try await Application(router: plane.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let port = try #require(client.port)
            let sidecar = Sidecar(
                options: SidecarOptions(identity: SidecarIdentity(podIP: podIP, name: "details-v1", serviceCluster: "details"), controlPlaneURL: "http://127.0.0.1:\(port)"),
                spans: nil, logger: logger)
            sidecarBox.withLockedValue { $0 = sidecar }
            #expect(!sidecar.views.isReady)
            let task = Task { await sidecar.runXDS { readyCount.withLockedValue { $0 += 1 } } }
            try await waitFor { sidecar.runtime.current?.version == "1" }
            #expect(sidecar.views.isReady)
            #expect(readyCount.withLockedValue { $0 } == 1)
            let node = try #require(plane.requests.withLockedValue { $0.first?.node })
            #expect(node == XDSNode(ip: podIP, name: "details-v1", cluster: "details"))
            #expect(Set(plane.requests.withLockedValue { $0.map(\.typeURL) }).count == 4)

            plane.state.withLockedValue {
                $0 = PilotShapes.snapshot(version: "2", listeners: [PilotShapes.outboundHTTPListener(port: 9091)], clusters: [])
            }
            try await waitFor { sidecar.runtime.current?.version == "2" }
            #expect(sidecar.runtime.current?.virtualListener(port: 9091) != nil)
            #expect(readyCount.withLockedValue { $0 } == 1)
            return task
        }
        // The control plane is gone: the sidecar keeps running version 2.
        try await Task.sleep(for: .milliseconds(300))
        let sidecar = try #require(sidecarBox.withLockedValue { $0 })
        #expect(sidecar.runtime.current?.version == "2")
        #expect(sidecar.views.isReady)
        task.cancel()
        await task.value
        await sidecar.shutdown()
    }
}
