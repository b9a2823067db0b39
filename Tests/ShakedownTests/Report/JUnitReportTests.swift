import Foundation
import Testing

@testable import Shakedown

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct JUnitReportTests {
    static let xml = JUnitReport(
        run: ReportFixtures.run(), reportPath: "Reports/\(ReportFixtures.runID)", hostname: "ci-host"
    ).render()

    func document() throws -> XMLElement {
        let document = try XMLDocument(data: Data(Self.xml.utf8), options: [])
        return try #require(document.rootElement())
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attribute(forName: name)?.stringValue
    }

    func int(_ element: XMLElement, _ name: String) -> Int? {
        attribute(element, name).flatMap { Int($0) }
    }

    func allElements(_ element: XMLElement) -> [XMLElement] {
        [element] + (element.children ?? []).compactMap { $0 as? XMLElement }.flatMap(allElements)
    }

    func testcases(_ root: XMLElement) -> [XMLElement] {
        root.elements(forName: "testsuite").flatMap { $0.elements(forName: "testcase") }
    }

    @Test func parsesAndCountsMatchChildren() throws {
        let root = try document()
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 4)
        var totals = (tests: 0, failures: 0, errors: 0)
        for suite in suites {
            let cases = suite.elements(forName: "testcase")
            let failures = cases.count { !$0.elements(forName: "failure").isEmpty }
            let errors = cases.count { !$0.elements(forName: "error").isEmpty }
            #expect(int(suite, "tests") == cases.count)
            #expect(int(suite, "failures") == failures)
            #expect(int(suite, "errors") == errors)
            #expect(int(suite, "skipped") == 0)
            totals.tests += cases.count
            totals.failures += failures
            totals.errors += errors
        }
        #expect(int(root, "tests") == totals.tests)
        #expect(int(root, "failures") == totals.failures)
        #expect(int(root, "errors") == totals.errors)
        // 4 + 2 + 1 (the synthesised "run") + 1 testcases; failures: the invalid failover and
        // slot-coverage; errors: linearizable, failover under the scenario error, "run".
        let counts: [Int] = [totals.tests, totals.failures, totals.errors]
        #expect(counts == [8, 2, 3])
        #expect(suites.map { int($0, "id") } == [0, 1, 2, 3])
    }

    @Test func timesAndTimestampsAreStrict() throws {
        let time = #/[0-9]+(\.[0-9]{1,3})?/#
        let timestamp = #/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}/#
        var times = 0
        var timestamps = 0
        for element in allElements(try document()) {
            if let value = attribute(element, "time") {
                #expect(value.wholeMatch(of: time) != nil, "time \(value) on \(element.name ?? "")")
                times += 1
            }
            if let value = attribute(element, "timestamp") {
                #expect(value.wholeMatch(of: timestamp) != nil, "timestamp \(value)")
                timestamps += 1
            }
        }
        #expect(times == 1 + 4 + 8)
        #expect(timestamps == 1 + 4)
        let root = try document()
        #expect(attribute(root, "timestamp") == "2026-11-27T02:30:00")
        #expect(attribute(root, "time") == "71.25")
        let first = try #require(root.elements(forName: "testsuite").first)
        #expect(attribute(first, "timestamp") == "2026-11-27T02:30:01")
        #expect(attribute(first, "time") == "21.3")
        #expect(first.elements(forName: "testcase").map { attribute($0, "time") } == ["0.012", "0.5", "30", "0.25"])
    }

    @Test func nothingForbiddenReachesTheFile() {
        for scalar in Self.xml.unicodeScalars {
            #expect(PlainText.isAllowed(scalar), "U+\(String(scalar.value, radix: 16)) in junit.xml")
        }
        #expect(!Self.xml.contains("]]>"))
        #expect(!Self.xml.contains("CDATA"))
        #expect(!Self.xml.contains("[31m"))
    }

    @Test func classnameAndNamePairsAreUnique() throws {
        let pairs = testcases(try document()).map { "\(attribute($0, "classname") ?? "")|\(attribute($0, "name") ?? "")" }
        #expect(Set(pairs).count == pairs.count)
        #expect(pairs.contains("redis-failover.kill-one-master|failover #2"))
        #expect(pairs.contains("redis-failover.kill-one-master #2|run"))
        let names = try document().elements(forName: "testsuite").map { attribute($0, "name") }
        #expect(names.prefix(3) == ["redis-failover/kill-one-master", "redis-failover/no-majority", "redis-failover/kill-one-master #2"])
    }

    @Test func verdictsBecomeFailuresAndErrors() throws {
        let cases = testcases(try document())
        let failover = try #require(cases.first { attribute($0, "name") == "failover" })
        let failure = try #require(failover.elements(forName: "failure").first)
        #expect(attribute(failure, "type") == "invalid")
        let message = try #require(attribute(failure, "message"))
        #expect(!message.contains("\n") && !message.contains("\r"))
        #expect(message.contains(#"<tag a="1" b='2'>&amp;"#))
        #expect(message.contains("red ]]>"))
        #expect(message.hasSuffix("second line third"))
        // The body keeps the details' lines.
        #expect(failure.stringValue?.hasPrefix("master n1 killed at 5.0s\nNULBEL red") == true)
        #expect(failure.stringValue?.hasSuffix("second line\r\nthird") == true)
        #expect(attribute(failover, "file") == "Suites/redis/failover.yaml")
        #expect(attribute(failover, "classname") == "redis-failover.kill-one-master")

        let linearizable = try #require(cases.first { attribute($0, "name") == "linearizable" })
        let error = try #require(linearizable.elements(forName: "error").first)
        #expect(attribute(error, "type") == "unknown")
        #expect(attribute(error, "message") == "search hit the 30s time limit")

        let passed = try #require(cases.first { attribute($0, "name") == "slot-coverage" })
        #expect(passed.children == nil || passed.children?.isEmpty == true)
    }

    @Test func evidenceAndHistoryGoUnderTheTestcase() throws {
        let failover = try #require(testcases(try document()).first { attribute($0, "name") == "failover" })
        let out = try #require(failover.elements(forName: "system-out").first?.stringValue)
        #expect(out.contains("evidence: history events 3, 17, 18"))
        #expect(out.contains("[[ATTACHMENT|Reports/\(ReportFixtures.runID)/kill-one-master/history.jsonl]]"))
    }

    @Test func scenarioErrorMakesEveryCheckAnError() throws {
        let suite = try document().elements(forName: "testsuite")[1]
        let cases = suite.elements(forName: "testcase")
        let failover = try #require(cases.first { attribute($0, "name") == "failover" })
        let error = try #require(failover.elements(forName: "error").first)
        #expect(attribute(error, "message") == "system never became ready: port 7001 closed")
        #expect(failover.elements(forName: "system-err").first?.stringValue == "system never became ready:\nport 7001 closed")
        // An invalid check stays a failure: the property was violated whatever came after.
        let slots = try #require(cases.first { attribute($0, "name") == "slot-coverage" })
        #expect(slots.elements(forName: "failure").count == 1)
        #expect(slots.elements(forName: "system-err").count == 1)
        #expect(suite.elements(forName: "system-err").first?.stringValue?.hasPrefix("system never became ready") == true)

        // A scenario that failed before any check still fails CI.
        let never = try document().elements(forName: "testsuite")[2]
        #expect(int(never, "tests") == 1 && int(never, "errors") == 1)
    }

    @Test func propertiesCarryTheScenarioAndSuiteFile() throws {
        let suites = try document().elements(forName: "testsuite")
        let properties = try #require(suites[0].elements(forName: "properties").first).elements(forName: "property")
        let pairs = properties.map { (attribute($0, "name") ?? "", attribute($0, "value") ?? "") }
        #expect(pairs.map(\.0) == ["seed", "target", "topology", "fault-schedule", "suite-file"])
        // The schedule's line break survives attribute normalisation.
        #expect(pairs[3].1 == "at 5s kill {role: master, count: 1}\nat 15s restart killed")
        #expect(pairs[4].1 == "Suites/redis/failover.yaml")
        #expect(attribute(suites[0], "hostname") == "ci-host")
        #expect(attribute(suites[0], "package") == "redis-failover")
        // Empty names fall back to something a schema accepts.
        let hostile = suites[3]
        #expect(hostile.elements(forName: "properties").first?.elements(forName: "property").first
            .flatMap { attribute($0, "name") } == "property")
        #expect(hostile.elements(forName: "testcase").first.flatMap { attribute($0, "name") } == "check")
        #expect(attribute(hostile, "package") == "broker <&>")
    }

    @Test func hostnameIsNeverEmpty() {
        #expect(!JUnitReport.localHostname().isEmpty)
    }
}
