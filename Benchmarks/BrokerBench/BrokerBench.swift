import AMQP
import ArgumentParser
import Foundation
import NIOPosix

/// `make bench-broker`: our broker against Debian's rabbitmq-server 3.10 with the same client
/// (the harness's, in Swift), one publisher and one consumer, 16-byte messages: transient with
/// auto-ack, then persistent to a durable queue with publisher confirms.
@main
struct BrokerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shakedown-broker-bench", abstract: "Throughput and latency: shakedown-broker versus rabbitmq-server.")

    @Option(help: "Seconds per scenario and broker.") var seconds = 30
    @Option(help: "Unconfirmed publishes allowed in flight in the confirms scenario.") var window: UInt64 = 256
    @Option(help: "Our broker's binary.") var broker = ".build/release/shakedown-broker"
    @Option(help: "An extra argument for our broker (repeatable), e.g. --broker-argument=--sndbuf=0.")
    var brokerArgument: [String] = []
    @Flag(help: "Run our broker only.") var skipRabbitmq = false
    // The client's socket buffers, the same for both brokers. Small by default: a load
    // generator that lets the kernel autotune hides megabytes of timestamped messages in its
    // own buffers, and the latency then measures those buffers, not the broker. For large
    // bodies use --client-sndbuf 0: a send buffer under two 64 KiB loopback segments waits on
    // the peer's delayed ACK.
    @Option(help: "SO_SNDBUF of the client's sockets in bytes, 0 for the kernel's autotuning.") var clientSndbuf = 16_384
    @Option(help: "SO_RCVBUF of the client's sockets in bytes, 0 for the kernel's autotuning.") var clientRcvbuf = 16_384
    @Option(help: "TCP_NOTSENT_LOWAT of the client's sockets in bytes, 0 for none.") var clientNotsentLowat = 0
    @Option(help: "Message body size in bytes (at least 16).") var bodyBytes = 16
    @Option(help: "Event loop threads of the client (the consumer and publisher connections take turns).") var clientThreads = 1

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard window > 0 else { throw ValidationError("--window must be positive") }
        guard bodyBytes >= 16 else { throw ValidationError("--body-bytes must be at least 16") }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: clientThreads)
        let scenarios = [
            Scenario(title: "transient, auto-ack", queue: "bench.transient", durable: false, persistent: false, confirmWindow: nil,
                bodyBytes: bodyBytes),
            Scenario(
                title: "persistent to a durable queue, confirms (window \(window)), auto-ack", queue: "bench.durable", durable: true,
                persistent: true, confirmWindow: window, bodyBytes: bodyBytes),
        ]
        var results: [String: [Scenario.Result?]] = [:]
        var names: [String] = []
        for start in brokers(group) {
            var broker: (any BenchBroker)?
            do {
                broker = try await start.launch()
            } catch {
                print("\(start.name): not run: \(error)")
            }
            guard let broker else { continue }
            names.append(broker.name)
            var rows: [Scenario.Result?] = []
            for scenario in scenarios {
                do {
                    rows.append(try await scenario.run(
                        port: broker.port, seconds: seconds, socketTuning: clientTuning,
                        group: group))
                } catch {
                    print("\(broker.name), \(scenario.title): failed: \(error)")
                    rows.append(nil)
                }
            }
            broker.stop()
            results[broker.name] = rows
        }
        try await group.shutdownGracefully()
        report(scenarios: scenarios, names: names, results: results)
    }

    /// The same for both brokers.
    private var clientTuning: SocketTuning {
        SocketTuning(
            sendBufferBytes: clientSndbuf == 0 ? nil : clientSndbuf, receiveBufferBytes: clientRcvbuf == 0 ? nil : clientRcvbuf,
            unsentLowWatermarkBytes: clientNotsentLowat == 0 ? nil : clientNotsentLowat)
    }

    private struct Launch {
        var name: String
        var launch: () async throws -> any BenchBroker
    }

    private func brokers(_ group: MultiThreadedEventLoopGroup) -> [Launch] {
        let binary = URL(fileURLWithPath: broker)
        var launches = [Launch(name: "shakedown-broker") { try await ShakedownBrokerProcess(binary: binary, extraArguments: brokerArgument, group: group) }]
        if skipRabbitmq {
            print("rabbitmq-server: not run (--skip-rabbitmq)")
        } else if let reason = RabbitMQProcess.unavailableReason {
            print("rabbitmq-server: not run: \(reason)")
        } else {
            launches.append(Launch(name: "rabbitmq-server") { try await RabbitMQProcess(group: group) })
        }
        return launches
    }

    private func report(scenarios: [Scenario], names: [String], results: [String: [Scenario.Result?]]) {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.2f ms", $0) } ?? "-" }
        let buffers = [("SO_SNDBUF", clientSndbuf), ("SO_RCVBUF", clientRcvbuf), ("TCP_NOTSENT_LOWAT", clientNotsentLowat)]
            .map { "\($0.0) \($0.1 == 0 ? "default" : String($0.1))" }.joined(separator: ", ")
        print(
            "\nBroker benchmark: 1 publisher, 1 consumer, \(bodyBytes)-byte messages, \(seconds) s per run"
                + " (client sockets: \(buffers))")
        for (index, scenario) in scenarios.enumerated() {
            print("\n\(scenario.title)")
            for name in names {
                guard let result = results[name]?[index] else {
                    print("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0))  failed")
                    continue
                }
                let rate = String(format: "%9.0f msg/s", result.rate)
                print(
                    "  \(name.padding(toLength: 22, withPad: " ", startingAt: 0))  \(rate)   p50 \(ms(result.latency.percentile(0.50)))"
                        + "   p99 \(ms(result.latency.percentile(0.99)))   (published \(result.published), received \(result.received))")
            }
            let ours = results["shakedown-broker"]?[index] ?? nil
            let theirs = results.first { $0.key.hasPrefix("rabbitmq") }?.value[index] ?? nil
            if let ours, let theirs, theirs.rate > 0 {
                let p99 = zip(ours.latency.percentile(0.99), theirs.latency.percentile(0.99)).map { String(format: "%.2fx", $0 / $1) }
                print(String(format: "  ratio shakedown / rabbitmq: throughput %.2fx", ours.rate / theirs.rate) + ", p99 latency \(p99 ?? "-")")
            }
        }
    }
}

private func zip(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b, b > 0 else { return nil }
    return (a, b)
}
