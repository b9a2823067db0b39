import Foundation
import Shakedown
import Testing

/// A backend on which no capture can be made says why, and still works.
@Suite struct CapturingNetworkTests {
    @Test func noCaptureIsAReasonNotAnError() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString).pcap").path
        let inner = StubNetwork()
        let network = CapturingNetwork(inner, path: file, loopbackInterface: "nosuchif0")
        #expect(network.summary == "not started: the network was never set up")
        let placements = try await network.setUp(nodes: [NodeNetworkRequest(node: "n1", ports: ["client": 7000])])
        #expect(placements.map(\.node) == ["n1"] && network.nodes == ["n1"] && network.name == "stub")
        try await network.tearDown()
        #expect(inner.tornDown)
        #expect(network.summary.hasPrefix("none: \(file): there is no network interface nosuchif0"), "\(network.summary)")
        #expect(!FileManager.default.fileExists(atPath: file))
    }
}

private struct RefusingConnector: NetworkConnector {
    struct Refused: Error {}
    func connectedSocket(host: String, port: Int, timeout: Duration) throws -> CInt { throw Refused() }
}

/// A backend that places nodes on 127.0.0.1 and does nothing else.
private final class StubNetwork: NetworkBackend, @unchecked Sendable {
    let name = "stub"
    var nodes: [String] = []
    var tornDown = false
    var connector: any NetworkConnector { RefusingConnector() }
    var clientCommandPrefix: [String] { [] }
    var faults: LinkFaults { LinkFaults() }

    func setUp(nodes requests: [NodeNetworkRequest]) async throws -> [NodePlacement] {
        nodes = requests.map(\.node)
        return requests.map {
            NodePlacement(node: $0.node, listenHost: "127.0.0.1", listenPorts: $0.ports, announceHost: "127.0.0.1", announcePorts: $0.ports, sourceAddress: "127.0.0.1")
        }
    }

    func apply(_ faults: LinkFaults) async throws {}
    func reset(from: String, to: String) async throws {}
    func tearDown() async throws { tornDown = true }
}
