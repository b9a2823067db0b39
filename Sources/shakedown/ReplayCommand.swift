import ArgumentParser
import Capture
import Foundation
import NIOPosix
import Shakedown

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay the RESP, AMQP and HTTP connections of a pcap/pcapng capture against a target.",
        discussion: """
            Each captured client connection is replayed on a connection of its own, in captured order; \
            with --compare every reply is set beside the captured one. RESP replay follows MOVED and ASK; \
            AMQP replay performs its own handshake (--user/--password/--vhost) and maps channels, consumer \
            tags, server-named queues and delivery tags; HTTP replay rewrites Host when it named the \
            captured server. Exit codes: 0 replayed with no divergence, 1 divergences, 2 some connection \
            or part of the capture could not be replayed, 64 bad command line or unreadable file.
            """)

    @Argument(help: "The capture (pcap or pcapng, as tcpdump -w or shakedown capture write it).")
    var file: String

    @Option(help: "HOST:PORT every captured server maps to (unless --map names its port).")
    var target: String?

    @Option(name: .customLong("protocol"), help: "auto, resp, amqp or http.")
    var applicationProtocol = "auto"

    @Option(name: .customLong("map"), help: "OLDPORT=HOST:PORT: connections to a captured port go there (repeatable).")
    var portMaps: [String] = []

    @Option(help: "1x (captured timing), Nx (N times faster) or max.")
    var speed = "1x"

    @Option(help: "capture: a request waits for the replies captured before it on other connections; connection: connections are independent (fastest).")
    var order = "capture"

    @Flag(help: "Compare every reply with the captured one and report divergences.")
    var compare = false

    @Option(
        name: .customLong("ignore"),
        help: "Not a divergence: a RESP command (INFO, 'CONFIG GET'), an AMQP field (message-count, properties.timestamp), an HTTP part (status, body, header:NAME). Repeatable.")
    var ignore: [String] = []

    @Option(help: "Write the result as JUnit XML (a test case per connection plus the divergence count).")
    var junit: String?

    @Option(help: "AMQP user for the replay's own handshake.")
    var user = "guest"

    @Option(help: "AMQP password.")
    var password = "guest"

    @Option(help: "AMQP virtual host (default: the one each captured connection opened).")
    var vhost: String?

    @Option(name: .customLong("reply-timeout"), help: "Seconds a replayed request may wait for its reply.")
    var replyTimeout = 10.0

    @Flag(help: "Only read and decode the capture: connections, protocols, messages, problems. No target needed.")
    var summary = false

    func validate() throws {
        if !summary && target == nil && portMaps.isEmpty {
            throw ValidationError("say where to replay: --target HOST:PORT (or --summary to only read the capture)")
        }
        if !["capture", "connection"].contains(order) {
            throw ValidationError("--order is capture or connection, not '\(order)'")
        }
        if !(replyTimeout > 0) { throw ValidationError("--reply-timeout must be positive") }
    }

    func run() throws {
        let options: ReplayOptions
        switch Result(catching: { () throws(ReplayArguments.Invalid) -> ReplayOptions in try makeOptions() }) {
        case .success(let made): options = made
        case .failure(let invalid): throw ValidationError(invalid.description)
        }
        var reader: ConversationReader
        do {
            reader = try ConversationReader(path: file, protocol: options.protocol, serverPorts: serverPorts(options))
        } catch {
            FileHandle.standardError.write(Data("shakedown: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        if summary { return try printSummary(&reader) }

        let started = Date()
        let replayer = Replayer(options: options, group: MultiThreadedEventLoopGroup.singleton)
        // What was read before a file goes bad is replayed; the report says where it went bad.
        let report = replayer.run(&reader)
        let readError = report.readError
        let verdict = ReplayVerdict(report: report)
        printReport(report, readError: readError)
        if let junit {
            var properties = [
                Property("capture", file), Property("target", options.target.description), Property("speed", options.speed.description),
                Property("order", order), Property("compare", String(options.compare)),
            ]
            if !ignore.isEmpty { properties.append(Property("ignore", ignore.joined(separator: ", "))) }
            var run = verdict.runResult(capture: file, target: options.target.description, started: started, properties: properties)
            if let readError { run.scenarios[0].error = "the capture could not be read to the end: \(readError)" }
            do {
                try JUnitReport(run: run).render().write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("shakedown: cannot write \(junit): \(error.localizedDescription)\n".utf8))
                throw ExitCode(ExitStatus.internalError.rawValue)
            }
        }
        if compare && report.divergenceCount > 0 { throw ExitCode(ExitStatus.invalid.rawValue) }
        if readError != nil || report.connections.contains(where: { $0.failure != nil }) {
            throw ExitCode(ExitStatus.unknown.rawValue)
        }
    }

    private func makeOptions() throws(ReplayArguments.Invalid) -> ReplayOptions {
        var portMap: [UInt16: ReplayAddress] = [:]
        for text in portMaps {
            let (port, address) = try ReplayArguments.portMapping(text)
            portMap[port] = address
        }
        let fallback = portMap.values.first ?? ReplayAddress(host: "127.0.0.1", port: 1)
        var options = ReplayOptions(
            target: try target.map(ReplayArguments.address) ?? fallback, portMap: portMap,
            protocol: try ReplayArguments.applicationProtocol(applicationProtocol), speed: try ReplayArguments.speed(speed),
            compare: compare, ignore: ignore,
            amqpCredentials: AMQPReplayCredentials(user: user, password: password, virtualHost: vhost),
            replyTimeoutSeconds: replyTimeout)
        options.ordering = order == "connection" ? .perConnection : .capture
        return options
    }

    /// Ports named by --map are servers even when a connection was captured mid-stream.
    private func serverPorts(_ options: ReplayOptions) -> Set<UInt16> { Set(options.portMap.keys) }

    private func printSummary(_ reader: inout ConversationReader) throws {
        var summary = ConversationSummary()
        var readError: CaptureError?
        do {
            while let event = try reader.next() { summary.add(event) }
        } catch {
            readError = error
        }
        print(summary.render(file: file))
        if let readError {
            print("stopped: \(readError) (everything before it is counted above)")
            throw ExitCode(ExitStatus.unknown.rawValue)
        }
    }

    private func printReport(_ report: ReplayReport, readError: CaptureError?) {
        let rate = report.requestsPerSecond
        print(
            "replayed \(report.requestsSent) requests on \(report.connections.count) connections in "
                + String(format: "%.2f s (%.0f requests/s)", report.seconds, rate))
        if compare {
            print(
                "compared \(report.repliesCompared) replies, \(report.repliesIgnored) not compared (nondeterministic or ignored): "
                    + "\(report.divergenceCount) divergence\(report.divergenceCount == 1 ? "" : "s")")
            for divergence in report.divergences.prefix(20) { print(ReplayDiff.render(divergence)) }
            if report.divergenceCount > 20 { print("… \(report.divergenceCount - 20) more (all kept ones in --junit)") }
        }
        for connection in report.connections {
            if let failure = connection.failure { print("\(connection.connection) \(connection.client): \(failure)") }
        }
        for problem in report.problems.prefix(20) { print("problem: \(problem)") }
        if report.problems.count > 20 { print("… \(report.problems.count - 20) more problems") }
        if let readError { print("stopped reading: \(readError); everything before it was replayed") }
    }
}
