import ArgumentParser
import Foundation
import Shakedown

extension UpCommand {
    /// `shakedown up mesh`: Bookinfo on the mesh, one `NAME URL` line per endpoint.
    func runMesh() async throws {
        let executable: String
        do {
            executable = try SiblingExecutable.locate("shakedown-mesh")
        } catch {
            throw ValidationError("\(error)")
        }
        let folder = try workingFolder()
        let started = ContinuousClock.now
        let mesh: MeshSystem
        do {
            mesh = try await MeshSystem.start(
                plan: try MeshPlan.bookinfo(registrator: registrator), executable: executable, directory: folder)
        } catch {
            FileHandle.standardError.write(Data("shakedown up: \(error)\n".utf8))
            throw ExitCode(ExitStatus.unknown.rawValue)
        }
        let elapsed = ContinuousClock.now - started
        say("mesh ready in \(String(format: "%.2f", elapsed.seconds)) s (registrator \(registrator.rawValue))")
        for endpoint in mesh.endpoints { say("\(endpoint.name) \(endpoint.url)") }
        say("kubectl: kubectl --server \(mesh.plan.configURL) apply -f FILE.yaml")
        say("files and logs: \(folder.path)")
        say("Ctrl-C to stop")
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
