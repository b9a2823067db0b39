import Capture
import Foundation
import NIOPosix

/// The `replay:` part of a scenario: the capture replayed against the cluster's first node
/// through the scenario's network (so faults apply to it too), judged by its divergence bound.
/// The replayer blocks while it reads the file, so it runs on a thread of its own.
enum ReplayScenarioRun {
    static func run(_ spec: ReplaySpec, seeds: [String], connector: any NetworkConnector, directory: URL) async -> CheckResult {
        guard let seed = seeds.first, let address = try? ReplayArguments.address(seed) else {
            return CheckResult(check: "replay", validity: .unknown, message: "no node address to replay against")
        }
        var options = ReplayOptions(
            target: address, protocol: spec.protocol, speed: spec.speed, compare: true, ignore: spec.ignore)
        options.ordering = spec.ordering
        options.connectSocket = { host, port, timeout in
            try connector.connectedSocket(host: host, port: port, timeout: .milliseconds(Int64(timeout * 1000)))
        }
        let replayOptions = options
        let report: ReplayReport
        do {
            report = try await onThread {
                var reader = try ConversationReader(path: spec.capture, protocol: spec.protocol)
                return Replayer(options: replayOptions, group: MultiThreadedEventLoopGroup.singleton).run(&reader)
            }
        } catch {
            return CheckResult(check: "replay", validity: .unknown, message: "cannot read \(spec.capture): \(error)")
        }
        let verdict = ReplayVerdict(report: report, maxDivergences: spec.maxDivergences)
        var check = verdict.checks[0]
        check.check = "replay"
        if let readError = report.readError {
            check.validity = max(check.validity, .unknown)
            check.details.append("the capture could not be read to the end: \(readError)")
        }
        let failed = report.connections.filter { $0.failure != nil }
        if !failed.isEmpty {
            check.validity = max(check.validity, .unknown)
            check.details += failed.map { "\($0.connection) \($0.client): \($0.failure ?? "")" }
        }
        let text = check.details.joined(separator: "\n") + "\n"
        try? text.write(to: directory.appendingPathComponent("replay.txt"), atomically: true, encoding: .utf8)
        return check
    }

    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
