import Foundation
import Shakedown

/// A Bookinfo mesh of `.build/debug/shakedown-mesh` processes for one test, and the real
/// clients (curl, kubectl) the tests drive it with.
final class BookinfoMesh: @unchecked Sendable {
    let system: MeshSystem
    private let folder: TemporaryDirectory

    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-mesh") }

    private init(system: MeshSystem, folder: TemporaryDirectory) {
        self.system = system
        self.folder = folder
    }

    /// Starts a mesh, runs `body`, and stops the mesh whatever `body` does. `body` runs on a
    /// Dispatch thread: it waits on curl and kubectl, which must not hold one of the two
    /// threads of Swift's cooperative pool.
    static func with(registrator: MeshPlan.Registrator, _ body: @escaping @Sendable (BookinfoMesh) throws -> Void) async throws {
        let folder = try TemporaryDirectory("mesh")
        let system = try await MeshSystem.start(
            plan: try MeshPlan.bookinfo(registrator: registrator), executable: binary.path, directory: folder.url)
        let mesh = BookinfoMesh(system: system, folder: folder)
        let outcome: Result<Void, any Error> = await OffPool.result { try body(mesh) }
        await system.stop()
        try outcome.get()
    }

    var plan: MeshPlan { system.plan }

    func pod(_ name: String) throws -> MeshPlan.Pod {
        guard let pod = plan.pods.first(where: { $0.name == name }) else {
            throw ServerProcess.Failure(description: "no pod \(name)")
        }
        return pod
    }

    /// productpage's published port: `path` starts with "/".
    func productpage(_ path: String) -> String { "http://127.0.0.1:\(plan.productpagePort)\(path)" }

    /// curl with a short deadline; returns its output (body, or what -w asks for).
    func curl(_ arguments: [String]) throws -> String {
        let result = try ExternalTool.run("curl", ["-sS", "--max-time", "15"] + arguments)
        guard result.status == 0 else {
            throw ServerProcess.Failure(description: "curl \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.output
    }

    /// kubectl against the control plane's config API.
    func kubectl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ExternalTool.run("kubectl", ["--server", plan.configURL] + arguments)
    }

    func kubectlApply(fixture: String) throws {
        let path = PackagePaths.root.appendingPathComponent("Fixtures/istio/\(fixture)").path
        let result = try kubectl(["apply", "-f", path])
        guard result.status == 0 else {
            throw ServerProcess.Failure(description: "kubectl apply -f \(fixture) exited \(result.status): \(result.output)")
        }
    }

    /// Which reviews version served productpage's `/api/v1/products/0/reviews`: v1 has no
    /// ratings, v2 black stars, v3 red ones.
    func reviewsVersion(cookieJar: String? = nil) throws -> String {
        var arguments = [productpage("/api/v1/products/0/reviews")]
        if let cookieJar { arguments = ["-b", cookieJar] + arguments }
        let body = try curl(arguments)
        if body.contains("\"color\": \"black\"") || body.contains("\"color\":\"black\"") { return "v2" }
        if body.contains("\"color\": \"red\"") || body.contains("\"color\":\"red\"") { return "v3" }
        if body.contains("\"reviews\"") { return "v1" }
        return "unexpected: \(body)"
    }

    /// Waits (up to `timeout`) until `count` answers in a row are `version`: rules take a push
    /// to reach the sidecars.
    func awaitReviews(_ version: String, inARow count: Int = 8, cookieJar: String? = nil, timeout: TimeInterval = 20)
        throws -> [String]
    {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        var streak = 0
        while Date() < deadline {
            let served = try reviewsVersion(cookieJar: cookieJar)
            seen.append(served)
            streak = served == version ? streak + 1 : 0
            if streak >= count { return seen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ServerProcess.Failure(description: "reviews never settled on \(version); served: \(seen.suffix(30))")
    }
}
