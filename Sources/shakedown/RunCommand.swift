import ArgumentParser
import Foundation
import Shakedown

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run suites and write Reports/<run-id>/ (junit.xml, summary.json, histories, logs).")

    @Argument(help: "Suite files or folders of suites.")
    var suites: [String] = ["Suites/redis"]

    @OptionGroup var targetOptions: TargetOptions

    @Option(help: "Only scenarios whose suite/scenario name contains this text.")
    var filter: String?

    @Option(help: "Seed for fault choices and workloads, overriding the suites'.")
    var seed: UInt64?

    @Option(name: .customLong("report-dir"), help: "Where run folders are written.")
    var reportDir = "Reports"

    func run() async throws {
        try Supervisor.installTerminationHandlers()
        let loaded: [Suite]
        do {
            loaded = try SuiteLoader.load(paths: suites)
        } catch let error as SuiteError {
            FileHandle.standardError.write(Data("shakedown: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let target = try targetOptions.locate()
        let options = RunOptions(
            target: target, filter: filter, seed: seed, reportRoot: reportDir, network: targetOptions.network)
        let chosen = SuiteRun.selected(loaded, filter: filter)
        if chosen.isEmpty {
            FileHandle.standardError.write(Data("shakedown: no scenario matches --filter \(filter ?? "")\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        say("shakedown: \(chosen.count) scenario\(chosen.count == 1 ? "" : "s") against \(target.kind.rawValue) (\(target.executable))")
        do {
            let (result, report) = try await SuiteRun.run(
                loaded, options: options, progress: ProgressLine(output: .standardOutput),
                log: { say($0) })
            SummaryPrinter(output: STDOUT_FILENO).print(result, reportPath: report.path, to: .standardOutput)
            throw ExitCode(ExitStatus(result).rawValue)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("shakedown: internal error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }
}

/// A line on stdout, unbuffered, so it stays in order with the progress line.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
