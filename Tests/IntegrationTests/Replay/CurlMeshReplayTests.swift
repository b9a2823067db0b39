import Foundation
import Testing

/// Issue 7's acceptance for HTTP: `tcpdump -i lo -w` of curl against the Bookinfo mesh's
/// productpage, replayed with `shakedown replay --compare` against the same mesh (reviews
/// pinned to v1 so the pages are deterministic): no divergence once volatile headers (date,
/// request ids, upstream times) are set aside, as they are by default, and the login's random
/// session cookie with `--ignore header:set-cookie`.
@Suite(.serialized) struct CurlMeshReplayTests {
    @Test func curlCaptureReplaysAgainstTheMeshWithoutDivergence() async throws {
        if let reason = TcpdumpCapture.unavailableReason {
            print("CurlMeshReplayTests skipped: \(reason)")
            return
        }
        try await BookinfoMesh.with(registrator: .master) { mesh in
            try mesh.kubectlApply(fixture: "destination-rule-all.yaml")
            try mesh.kubectlApply(fixture: "virtual-service-all-v1.yaml")
            _ = try mesh.awaitReviews("v1", inARow: 8)

            let folder = try TemporaryDirectory("replay-http")
            let file = folder.url.appendingPathComponent("curl.pcap")
            let capture = try TcpdumpCapture(ports: [mesh.plan.productpagePort], file: file)
            // One curl, several requests on one kept-alive connection; then a POST and a 404.
            _ = try mesh.curl([
                "-o", "/dev/null", mesh.productpage("/productpage"), "-o", "/dev/null", mesh.productpage("/api/v1/products"),
                "-o", "/dev/null", mesh.productpage("/api/v1/products/0"), "-o", "/dev/null",
                mesh.productpage("/api/v1/products/0/reviews"),
            ])
            _ = try mesh.curl(["-o", "/dev/null", "-d", "username=jason", "-d", "passwd=", mesh.productpage("/login")])
            _ = try mesh.curl(["-o", "/dev/null", mesh.productpage("/no-such-page")])
            capture.stop()

            let junit = folder.url.appendingPathComponent("replay.xml")
            let replay = try ShakedownReplay.run(
                file,
                [
                    "--target", "127.0.0.1:\(mesh.plan.productpagePort)", "--speed", "max", "--compare", "--ignore", "header:set-cookie",
                    "--junit", junit.path,
                ])
            #expect(replay.status == 0, "\(replay.output)")
            let counts = try #require(ShakedownReplay.compared(in: replay.output), "\(replay.output)")
            #expect(counts.compared == 6, "\(replay.output)")
            #expect(counts.divergences == 0, "\(replay.output)")

            // Reviews switched to v3 (red stars): the replayed pages differ from the captured ones.
            try mesh.kubectlApply(fixture: "virtual-service-reviews-v3.yaml")
            _ = try mesh.awaitReviews("v3", inARow: 4)
            let changed = try ShakedownReplay.run(
                file, ["--target", "127.0.0.1:\(mesh.plan.productpagePort)", "--speed", "max", "--compare", "--ignore", "header:set-cookie"])
            #expect(changed.status == 1, "\(changed.output)")
            #expect(changed.output.contains("body"), "\(changed.output.prefix(3000))")
        }
    }
}
