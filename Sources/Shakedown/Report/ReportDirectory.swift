import Foundation
import NIOConcurrencyHelpers

/// `Reports/<run-id>/`: one directory per run, a folder per scenario (`history.jsonl`,
/// `logs/`), `junit.xml` and `summary.json` written atomically (a CI job that collects them
/// never reads half a file), and `Reports/latest` pointing at the newest run.
public final class ReportDirectory: Sendable {
    /// The reports root as given (`Reports`): paths in the reports are written relative to it
    /// when it is relative, as CI artifact settings expect.
    public let root: String
    public let runID: String
    /// `<root>/<run-id>`.
    public let path: String
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    private let folders = NIOLockedValueBox<Set<String>>(ReportDirectory.reservedNames)

    /// What the run directory holds besides scenario folders, and what a file system would
    /// confuse with it; compared lowercased, as macOS file systems ignore case.
    static let reservedNames: Set<String> = ["junit.xml", "summary.json", "report.html", "logs"]

    /// Creates `<root>/<run-id>/`; an existing one is an error, never reused.
    public init(root: String = "Reports", runID: String = ReportDirectory.newRunID()) throws {
        guard Self.isSafeName(runID) else { throw ReportDirectoryError(path: runID, reason: "not a valid run id") }
        self.root = root
        self.runID = runID
        self.path = root.hasSuffix("/") ? root + runID : "\(root)/\(runID)"
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw ReportDirectoryError(path: root, reason: "cannot create the reports directory: \(error.localizedDescription)")
        }
        guard mkdir(path, 0o755) == 0 else {
            throw ReportDirectoryError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// `20261127-023000-3fa9`: UTC start time, sortable, and four random hex digits so that two
    /// runs started in the same second do not collide.
    public static func newRunID(started: Date = Date(), random: UInt16 = .random(in: .min ... .max)) -> String {
        let hex = String(random, radix: 16)
        return ReportTime.compact(started) + "-" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// Creates the scenario's folder and its `logs/`; returns its name (for
    /// `ScenarioResult.folder`), unique within the run and safe as a file name whatever the
    /// scenario is called.
    public func scenarioFolder(for scenario: String) throws -> String {
        let base = Self.sanitize(scenario)
        let name = folders.withLockedValue { used in
            var name = base
            var ordinal = 1
            while used.contains(name.lowercased()) {
                ordinal += 1
                name = "\(base)-\(ordinal)"
            }
            used.insert(name.lowercased())
            return name
        }
        let logs = "\(path)/\(name)/logs"
        do {
            try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        } catch {
            throw ReportDirectoryError(path: logs, reason: "cannot create: \(error.localizedDescription)")
        }
        return name
    }

    public func historyPath(folder: String) -> String { "\(path)/\(folder)/history.jsonl" }
    public func logsPath(folder: String) -> String { "\(path)/\(folder)/logs" }

    /// Writes `junit.xml` and `summary.json`, then points `latest` at this run.
    public func write(_ run: RunResult, hostname: String = JUnitReport.localHostname()) throws {
        let junit = JUnitReport(run: run, reportPath: path, hostname: hostname).render()
        try write(Data(junit.utf8), to: "junit.xml")
        try write(SummaryReport(run).encoded(), to: "summary.json")
        try pointLatest()
    }

    /// `<root>/latest` -> `<run-id>` (relative, so the tree can move), replaced atomically: a
    /// new link under a temporary name renamed over the old, so a reader never finds none.
    public func pointLatest() throws {
        let latest = (root.hasSuffix("/") ? root : root + "/") + "latest"
        let temporary = "\(latest).\(getpid()).\(UInt32.random(in: .min ... .max)).tmp"
        guard symlink(runID, temporary) == 0 else {
            throw ReportDirectoryError(path: temporary, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, latest) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReportDirectoryError(path: latest, reason: "cannot replace it (\(reason)); is it a directory?")
        }
    }

    private func write(_ data: Data, to name: String) throws {
        let file = "\(path)/\(name)"
        do {
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw ReportDirectoryError(path: file, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Letters, digits, '.', '_' and '-'; anything else becomes '-' (runs of them one), no
    /// leading dot or dash (hidden files, "..", options), at most 64 characters.
    static func sanitize(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            let safe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            if safe {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("-") {
                result += "-"
            }
        }
        while let first = result.first, first == "." || first == "-" { result.removeFirst() }
        result = String(result.prefix(64))
        while let last = result.last, last == "-" || last == "." { result.removeLast() }
        return result.isEmpty ? "scenario" : result
    }

    static func isSafeName(_ name: String) -> Bool { !name.isEmpty && sanitize(name) == name }
}

public struct ReportDirectoryError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
