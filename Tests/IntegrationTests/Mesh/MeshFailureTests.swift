import Foundation
import Shakedown
import Testing

/// Bad input and broken parts of a running mesh give clear errors and nothing crashes.
@Suite(.serialized) struct MeshFailureTests {
    @Test func badInputAndDeadPartsGiveClearErrors() async throws {
        try await BookinfoMesh.with(registrator: .master) { mesh in
            // Bad YAML is kubectl's own error; nothing reaches the server.
            let yaml = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
            try "apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: x\nspec: [\n".write(
                to: yaml, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: yaml) }
            let badYAML = try mesh.kubectl(["apply", "-f", yaml.path])
            #expect(badYAML.status != 0)
            #expect(badYAML.output.contains("error"), "\(badYAML.output)")

            // Malformed HTTP on a sidecar: 400 and a closed connection, the sidecar lives on.
            let ratings = try mesh.pod("ratings-v1")
            let stream = try TCPStream.connect(host: ratings.ip, port: MeshPlan.proxyPort)
            #expect(stream.write("GARBAGE \u{01}\r\n\r\n"))
            let answer = String(decoding: stream.read(timeout: 5) ?? [], as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            let proxy = "http://\(ratings.ip):\(MeshPlan.proxyPort)"
            #expect(try mesh.curl(["-x", proxy, "http://details:9080/details/0"]).contains("William Shakespeare"))

            // The registry goes away: discovery keeps the last services, routing goes on.
            mesh.system.supervisor.process(named: "registry")?.kill()
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try mesh.reviewsVersion().hasPrefix("v"))
            #expect(mesh.system.supervisor.process(named: "control-plane")?.isRunning == true)

            // Every reviews pod's app dies: the sidecar answers 503 with its flag, and the page
            // shows reviews as unavailable while details still render.
            for version in ["v1", "v2", "v3"] { mesh.system.supervisor.process(named: "reviews-\(version)")?.kill() }
            // The kills take effect when they take effect: ask again until the sidecar says 503.
            var failed = ""
            _ = try ClusterNodes.waitFor(15) {
                failed = try mesh.curl(["-x", proxy, "-o", "/dev/null", "-D", "-", "http://reviews:9080/reviews/0"])
                return failed.hasPrefix("HTTP/1.1 503")
            }
            #expect(failed.hasPrefix("HTTP/1.1 503"), "\(failed)")
            #expect(failed.lowercased().contains("x-envoy-response-flags: u"), "\(failed)")
            let page = try mesh.curl([mesh.productpage("/productpage")])
            #expect(page.contains("Sorry, product reviews are currently unavailable for this book."))
            #expect(page.contains("PublisherA"))
        }
    }
}
