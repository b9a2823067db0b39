import ArgumentParser
import Foundation
import Shakedown

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Validate suites and list their scenarios, faults and checks.")

    @Argument(help: "Suite files or folders of suites.")
    var suites: [String] = ["Suites"]

    func run() throws {
        let loaded: [Suite]
        do {
            loaded = try SuiteLoader.load(paths: suites.flatMap(Self.expand))
        } catch let error as SuiteError {
            FileHandle.standardError.write(Data("shakedown: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        for suite in loaded {
            print("\(suite.name)  (\(suite.file); \(suite.system), \(suite.topology), seed \(suite.seed))")
            for scenario in suite.scenarios {
                print("  \(suite.name)/\(scenario.name)  \(DurationText.format(scenario.duration))")
                if let workload = scenario.workload {
                    print("    workload: \(workload.kind.rawValue), \(workload.clients) clients, \(workload.keys) keys")
                }
                if let replay = scenario.replay { print("    replay: \(replay.summary)") }
                for step in scenario.nemesis { print("    fault: \(step.summary)") }
                let checks = (scenario.replay == nil ? [] : ["replay"]) + scenario.checks.map(\.name)
                print("    checks: \(checks.joined(separator: ", "))")
                if scenario.capture { print("    capture: \(ScenarioRunner.captureFile)") }
            }
        }
    }

    /// `Suites` holds one folder per system: list them all.
    static func expand(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            let children = try? FileManager.default.contentsOfDirectory(atPath: path)
        else { return [path] }
        let folders = children.sorted().map { "\(path)/\($0)" }.filter { child in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: child, isDirectory: &isFolder) && isFolder.boolValue
        }
        return folders.isEmpty ? [path] : folders
    }
}
