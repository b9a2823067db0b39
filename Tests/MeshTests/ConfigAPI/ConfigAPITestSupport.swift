import Foundation
import Testing

@testable import Mesh

/// A config API server on 127.0.0.1, port 0, over a store in its own temporary directory.
struct RunningConfigAPI {
    let store: IstioConfigStore
    let directory: URL
    let port: Int
    let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)" }

    static func start(directory: URL? = nil) async throws -> RunningConfigAPI {
        let directory = try directory ?? ConfigAPITestSupport.temporaryDirectory()
        let store = try IstioConfigStore(directory: directory)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await ConfigAPIServer(store: store, host: "127.0.0.1", port: 0).run(onListening: { port in
                continuation.yield(port)
                continuation.finish()
            })
        }
        for await port in ports { return RunningConfigAPI(store: store, directory: directory, port: port, task: task) }
        task.cancel()
        _ = try await task.value
        throw ConfigAPITestSupport.Failure("the config API server stopped before listening")
    }

    /// Runs `body` against a fresh server and stops it whatever happens.
    static func with(directory: URL? = nil, _ body: (RunningConfigAPI) async throws -> Void) async throws {
        let server = try await start(directory: directory)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

enum ConfigAPITestSupport {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("configapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `Fixtures/istio` at the package root: Istio 1.1.0's Bookinfo files, Consul flavour.
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/istio")

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    static func json(_ text: String) throws -> JSONValue { try JSONCoding.parse(Data(text.utf8)) }
}

/// The machine's real kubectl, run against a server with its own discovery cache directory.
struct Kubectl {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let server: String
    let workDirectory: URL

    init(server: String) throws {
        self.server = server
        workDirectory = try ConfigAPITestSupport.temporaryDirectory()
    }

    static let path: String? = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `kubectl --server URL ARGS`; waits without blocking the test thread pool.
    func run(_ arguments: [String], stdin: String? = nil) async throws -> Result {
        guard let path = Self.path else { throw ConfigAPITestSupport.Failure("kubectl not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--server", server, "--cache-dir", workDirectory.appendingPathComponent("cache").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = workDirectory.path
        environment["KUBECONFIG"] = workDirectory.appendingPathComponent("no-kubeconfig").path
        process.environment = environment
        // Files, not pipes: nothing can block on a full pipe.
        let id = UUID().uuidString
        let outURL = workDirectory.appendingPathComponent("\(id).out")
        let errURL = workDirectory.appendingPathComponent("\(id).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inURL = workDirectory.appendingPathComponent("\(id).in")
            try Data(stdin.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
