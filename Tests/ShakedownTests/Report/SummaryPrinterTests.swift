import Foundation
import Testing

@testable import Shakedown

@Suite struct SummaryPrinterTests {
    static func run() -> RunResult {
        let started = ReportFixtures.started
        return RunResult(
            runID: "r", target: "swift", started: started, time: 30.94,
            scenarios: [
                ScenarioResult(
                    suite: "redis", name: "kill", file: "f", started: started, time: 21.34, properties: [],
                    checks: [CheckResult(check: "failover", validity: .valid, message: "promoted n4")],
                    operations: 8123, faults: 2),
                ScenarioResult(
                    suite: "redis", name: "no-majority", file: "f", started: started, time: 9.1, properties: [],
                    checks: [
                        CheckResult(check: "failover", validity: .invalid, message: "n4 promoted\nwithout a majority"),
                        CheckResult(check: "slot-coverage", validity: .valid, message: "covered"),
                    ],
                    operations: 3000, faults: 1),
                ScenarioResult(
                    suite: "broker", name: "perm", file: "f", started: started, time: 0.5, properties: [],
                    checks: [CheckResult(check: "permissions", validity: .unknown, message: "")],
                    error: "never ready\n\u{1B}[31mport closed", operations: 0, faults: 0),
            ])
    }

    @Test func onePlainScreen() {
        let text = SummaryPrinter(colours: false).render(Self.run(), reportPath: "Reports/r")
        #expect(text == """
            VALID    redis/kill           21.3s     8123 ops  2 faults
            INVALID  redis/no-majority     9.1s     3000 ops  1 fault
                     failover: n4 promoted without a majority
            UNKNOWN  broker/perm          500ms        0 ops  0 faults
                     error: never ready port closed
                     permissions (unknown)
            INVALID: 3 scenarios (1 valid, 1 invalid, 1 unknown), 4 checks (2 valid, 1 invalid, 1 unknown) in 30.9s; report: Reports/r

            """)
        #expect(!text.contains("\u{1B}"))
    }

    @Test func coloursOnlyWhenAsked() {
        let text = SummaryPrinter(colours: true).render(Self.run(), reportPath: "Reports/r")
        #expect(text.contains("\u{1B}[32mVALID\u{1B}[0m    redis/kill"))
        #expect(text.contains("\u{1B}[1;31mINVALID\u{1B}[0m  redis/no-majority"))
        #expect(text.contains("\u{1B}[33mUNKNOWN\u{1B}[0m"))
        // The scenario error's own escape codes never reach the terminal.
        #expect(!text.contains("\u{1B}[31m"))
    }

    @Test func hostileNamesStayOnOneLine() {
        let text = SummaryPrinter(colours: false).render(ReportFixtures.run(), reportPath: "Reports/x")
        for scalar in text.unicodeScalars where scalar.value < 0x20 {
            #expect(scalar == "\n")
        }
        // 4 scenarios, the non-valid ones' messages and errors, the final line.
        #expect(text.split(separator: "\n").count == 4 + 2 + 2 + 1 + 1)
    }

    @Test func colourDecision() {
        #expect(Terminal.wantsColour(isTerminal: true, environment: [:]))
        #expect(Terminal.wantsColour(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!Terminal.wantsColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!Terminal.wantsColour(isTerminal: true, environment: ["TERM": "dumb"]))
        #expect(!Terminal.wantsColour(isTerminal: false, environment: [:]))
        let pipe = Pipe()
        #expect(!Terminal.wantsColour(pipe.fileHandleForWriting.fileDescriptor, environment: [:]))
        #expect(!SummaryPrinter(output: pipe.fileHandleForWriting.fileDescriptor).colours)
    }

    @Test func exitStatus() {
        #expect(SummaryPrinter.exitStatus(ReportFixtures.run(.valid)) == .valid)
        #expect(SummaryPrinter.exitStatus(ReportFixtures.run(.invalid)) == .invalid)
        #expect(SummaryPrinter.exitStatus(ReportFixtures.run(.unknown)) == .unknown)
        #expect(SummaryPrinter.exitStatus(ReportFixtures.run(.valid, error: "never ready")) == .unknown)
        #expect(SummaryPrinter.exitStatus(ReportFixtures.run(.invalid, error: "never ready")) == .invalid)
        #expect(SummaryPrinter.exitStatus(Self.run()) == .invalid)
        #expect([ExitStatus.valid, .invalid, .unknown, .usage, .internalError].map(\.rawValue) == [0, 1, 2, 64, 70])
    }

    @Test func printsToAHandle() throws {
        let pipe = Pipe()
        SummaryPrinter(colours: false).print(ReportFixtures.run(.valid), reportPath: "Reports/r", to: pipe.fileHandleForWriting)
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasSuffix("VALID: 1 scenario (1 valid), 1 check (1 valid) in 1.0s; report: Reports/r\n"))
    }
}
