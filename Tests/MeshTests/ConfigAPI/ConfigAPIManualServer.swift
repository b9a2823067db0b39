import Foundation
import Testing

@testable import Mesh

/// For checking kubectl by hand: `CONFIGAPI_DEV_DIR=/tmp/cfg swift test --skip-build --filter
/// ConfigAPIManualServer` serves on 127.0.0.1 at a free port, prints it, and runs until killed
/// (or CONFIGAPI_DEV_SECONDS pass). Skipped unless the variable is set.
@Suite struct ConfigAPIManualServer {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CONFIGAPI_DEV_DIR"] != nil))
    func serveForManualKubectlChecks() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = URL(fileURLWithPath: environment["CONFIGAPI_DEV_DIR"] ?? "/tmp/configapi-dev")
        let server = try await RunningConfigAPI.start(directory: directory)
        print("config-api ready on \(server.url)")
        let seconds = Int(environment["CONFIGAPI_DEV_SECONDS"] ?? "") ?? 3600
        try? await Task.sleep(for: .seconds(seconds))
        await server.stop()
    }
}
