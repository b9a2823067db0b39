import Capture
import Foundation
import Testing

@testable import Shakedown

/// A replay judged as checks and written as JUnit: a test case per connection, divergences as
/// failures carrying readable diffs, connections that could not be replayed as errors.
@Suite struct ReplayVerdictTests {
    static let client = TCPEndpoint(address: "127.0.0.1", port: 50000)
    static let server = TCPEndpoint(address: "127.0.0.1", port: 6379)

    static func divergence(_ connection: Int, index: Int) -> ReplayDivergence {
        ReplayDivergence(
            connection: TCPConnectionID(connection), client: client, protocol: .resp, requestIndex: index, request: "LPUSH mylist xxx",
            field: "reply", expected: "(integer) 1", actual: "(integer) 2", packetNumber: 17)
    }

    static func report(divergences: [ReplayDivergence], failure: String? = nil) -> ReplayReport {
        ReplayReport(
            connections: [
                ReplayConnectionReport(
                    connection: TCPConnectionID(1), client: client, server: server, protocol: .resp,
                    target: ReplayAddress(host: "127.0.0.1", port: 7000), requestsSent: 10, repliesCompared: 10,
                    divergences: divergences.count, failure: failure),
                ReplayConnectionReport(
                    connection: TCPConnectionID(2), client: TCPEndpoint(address: "127.0.0.1", port: 50001), server: server, protocol: .resp,
                    target: ReplayAddress(host: "127.0.0.1", port: 7000), requestsSent: 5, repliesCompared: 5),
            ],
            divergences: divergences, divergenceCount: divergences.count, requestsSent: 15, repliesCompared: 15, seconds: 0.5)
    }

    @Test func noDivergenceIsValidEverywhere() {
        let verdict = ReplayVerdict(report: Self.report(divergences: []))
        #expect(verdict.validity == .valid)
        #expect(verdict.checks.count == 3)
        #expect(verdict.checks[0].message.hasPrefix("0 divergences in 15 compared replies"))
    }

    @Test func divergencesFailTheirConnectionWithADiff() {
        let verdict = ReplayVerdict(report: Self.report(divergences: [Self.divergence(1, index: 3)]))
        #expect(verdict.validity == .invalid)
        let connection = verdict.checks[1]
        #expect(connection.validity == .invalid)
        #expect(connection.check == "connection 1 127.0.0.1:50000 → 127.0.0.1:6379 (resp)")
        let diff = connection.details.joined(separator: "\n")
        #expect(diff.contains("request 3 at packet 17: reply differs"))
        #expect(diff.contains("  LPUSH mylist xxx\n  - (integer) 1\n  + (integer) 2"))
        #expect(verdict.checks[2].validity == .valid)
    }

    @Test func aBoundAllowsSomeDivergences() {
        let verdict = ReplayVerdict(report: Self.report(divergences: [Self.divergence(1, index: 3)]), maxDivergences: 1)
        #expect(verdict.validity == .valid)
    }

    @Test func aConnectionThatCouldNotBeReplayedIsUnknown() {
        let verdict = ReplayVerdict(report: Self.report(divergences: [], failure: "connection refused by 127.0.0.1:7000"))
        #expect(verdict.validity == .unknown)
        #expect(verdict.checks[1].message.contains("connection refused"))
    }

    @Test func junitCarriesEveryConnectionAsATestCase() {
        let verdict = ReplayVerdict(report: Self.report(divergences: [Self.divergence(1, index: 3)]))
        let run = verdict.runResult(
            capture: "prod.pcap", target: "127.0.0.1:7000", started: Date(timeIntervalSince1970: 0), properties: [Property("speed", "max")])
        let xml = JUnitReport(run: run, hostname: "ci").render()
        #expect(xml.contains(#"tests="3" failures="2" errors="0""#), "\(xml)")
        #expect(xml.contains("LPUSH mylist xxx"))
        #expect(xml.contains(#"name="speed" value="max""#))
    }

    @Test(arguments: [
        ("127.0.0.1:7000", "127.0.0.1", 7000), ("localhost:1", "localhost", 1), ("[::1]:6379", "::1", 6379),
    ])
    func addressesParse(text: String, host: String, port: Int) throws {
        #expect(try ReplayArguments.address(text) == ReplayAddress(host: host, port: port))
    }

    @Test(arguments: ["7000", "::1:7000", "[::1]7000", "host:0", "host:70000", ":7000", "host:x"])
    func badAddressesSayWhy(text: String) {
        #expect(throws: ReplayArguments.Invalid.self) { try ReplayArguments.address(text) }
    }

    @Test func speedsAndMapsParse() throws {
        #expect(try ReplayArguments.speed("max") == .max)
        #expect(try ReplayArguments.speed("10x") == .factor(10))
        #expect(try ReplayArguments.speed("0.5x") == .factor(0.5))
        #expect(throws: ReplayArguments.Invalid.self) { try ReplayArguments.speed("0x") }
        #expect(throws: ReplayArguments.Invalid.self) { try ReplayArguments.speed("fast") }
        let (port, address) = try ReplayArguments.portMapping("7001=127.0.0.1:8001")
        #expect(port == 7001 && address == ReplayAddress(host: "127.0.0.1", port: 8001))
        #expect(throws: ReplayArguments.Invalid.self) { try ReplayArguments.portMapping("7001:127.0.0.1:8001") }
        #expect(try ReplayArguments.applicationProtocol("auto") == nil)
        #expect(try ReplayArguments.applicationProtocol("AMQP") == .amqp)
    }
}
