import Foundation
import Shakedown

/// Our broker, `.build/debug/shakedown-broker`, as a separate process on free AMQP and
/// management ports with its own data folder; ready when it printed its startup line and the
/// management API answers. `stop()` (or dropping it) stops it.
final class ShakedownBrokerServer: RunningBroker, @unchecked Sendable {
    let startupTime: TimeInterval
    private let broker: ShakedownBrokerProcess

    var host: String { broker.host }
    var port: Int { broker.port }
    var managementPort: Int { broker.managementPort }

    static var binary: URL { ShakedownBrokerProcess.binary }

    static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: binary.path) ? nil : "\(binary.path) is missing: run `swift build` first"
    }

    init(definitions: URL? = nil) throws {
        let launched = Date()
        // ShakedownBrokerProcess's start: on free ports, tried again when another test took
        // one meanwhile (EADDRINUSE).
        broker = try ShakedownBrokerProcess(arguments: definitions.map { ["--definitions", $0.path] } ?? [])
        let deadline = launched.addingTimeInterval(60)
        var ready = false
        while broker.isRunning, Date() < deadline {
            if (try? ManagementHTTP(port: broker.managementPort).request("GET", "/api/overview").status) == 200 {
                ready = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        startupTime = Date().timeIntervalSince(launched)
        if !ready {
            broker.stop()
            throw ServerProcess.Failure(description: "shakedown-broker did not become ready:\n\(broker.log)")
        }
    }

    var log: String { broker.log }

    func stop() { broker.terminate() }

    deinit { stop() }
}

/// The management API over HTTP, through curl: status and parsed JSON body.
struct ManagementHTTP {
    let port: Int
    var user = "guest"
    var password = "guest"

    struct Reply {
        var status: Int
        var text: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    }

    func request(_ method: String, _ path: String, _ body: String? = nil) throws -> Reply {
        var arguments = [
            "-s", "-m", "10", "-X", method, "-u", "\(user):\(password)", "-H", "content-type: application/json",
            "-w", "\n%{http_code}", "http://127.0.0.1:\(port)\(path)",
        ]
        if let body { arguments += ["--data-binary", body] }
        let (status, output) = try ExternalTool.run("curl", arguments)
        guard status == 0, let newline = output.lastIndex(of: "\n"), let code = Int(output[output.index(after: newline)...]) else {
            throw ServerProcess.Failure(description: "curl \(method) \(path) failed (\(status)): \(output)")
        }
        return Reply(status: code, text: String(output[..<newline]))
    }
}
