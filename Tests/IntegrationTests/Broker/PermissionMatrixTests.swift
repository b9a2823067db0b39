import Foundation
import Testing

/// RabbitMQ 3.10's permission model, case by case: every operation of the matrix
/// (Tests/Helpers/broker/permission_matrix.py) as every kind of user, against each target,
/// must end as Debian's rabbitmq-server 3.10 ended it when the expectation was recorded:
/// allowed or refused, channel or connection closed, reply code and text.
@Suite(.serialized) struct PermissionMatrixTests {
    static let definitions = PackagePaths.root.appendingPathComponent("Fixtures/broker/permissions/definitions.json")
    static let expectedFile = "permissions/expected-rabbitmq-3.10.jsonl"
    static let nonLoopbackGuestCase = "connection.open as guest from a non-loopback address"

    @Test(arguments: BrokerTarget.allCases)
    func everyCaseEndsAsRabbitMQ310Did(target: BrokerTarget) throws {
        if let reason = target.unavailableReason ?? BrokerScripts.unavailableReason {
            print("PermissionMatrixTests skipped for \(target): \(reason)")
            return
        }
        let broker = try target.start(definitions: Self.definitions)
        defer { broker.stop() }
        let address = LocalAddress.nonLoopbackIPv4()
        let began = Date()
        let actual = try matrixOutcomes(
            host: broker.host, port: broker.port, managementPort: broker.managementPort, nonLoopbackHost: address,
            savingAs: "permission-matrix-\(target)")
        print(
            "permission matrix on \(target): \(actual.count) cases in \(String(format: "%.2f", Date().timeIntervalSince(began))) s"
                + " (broker ready in \(String(format: "%.2f", broker.startupTime)) s)")

        let stopping = Date()
        broker.stop()
        print("\(target) stopped in \(String(format: "%.2f", Date().timeIntervalSince(stopping))) s")

        var expected = try BrokerOutcome.fixture(Self.expectedFile)
        // Without an address other than loopback, the guest rule can only be tried one way.
        if address == nil { expected.removeAll { $0.case == Self.nonLoopbackGuestCase } }
        let differences = OutcomeComparison.differences(expected: expected, actual: actual)
        for line in differences { print("\(target): \(line)") }
        #expect(
            differences.isEmpty,
            """
            \(differences.count) of \(expected.count) cases differ from RabbitMQ 3.10 on \(target) \
            (all outcomes: \(BrokerScripts.savedFile("permission-matrix-\(target)").path)):
            \(differences.joined(separator: "\n"))
            """
        )
    }

    /// The recorded oracle, spot-checked against the reference's operation table (§1.2) and
    /// RabbitMQ's source, so a damaged recording cannot pass unnoticed.
    @Test func recordingAgreesWithTheReferenceTable() throws {
        let recorded = try BrokerOutcome.fixture(Self.expectedFile)
        func outcome(_ name: String, _ user: String) -> BrokerOutcome? {
            recorded.first { $0.case == name && $0.user == user }
        }
        // Declaring needs configure only.
        #expect(outcome("exchange.declare new", "configurer")?.outcome == "ok")
        #expect(
            outcome("exchange.declare new", "writer")?.text
                == "ACCESS_REFUSED - access to exchange 'x.new-foo' in vhost '/' refused for user 'writer'")
        // Server-named queues are checked under their generated name.
        #expect(outcome("queue.declare server-named", "unanchored")?.text.contains("'amq.gen-*'") == true)
        // Publishing to "" is a write to amq.default.
        #expect(outcome("basic.publish to the default exchange", "configurer")?.text.contains("'amq.default'") == true)
        // Binding: write on the queue, read on the exchange.
        #expect(outcome("queue.bind", "writer")?.text.contains("exchange 'x.existing-foo'") == true)
        #expect(outcome("queue.bind", "reader")?.text.contains("queue 'q.existing-foo'") == true)
        // Alternate and dead-letter exchanges: read on the declared resource, then write on the
        // extra exchange (configure-only fails the first, configure+read the second).
        #expect(outcome("exchange.declare with alternate-exchange", "configurer")?.text.contains("exchange 'x.ae-foo'") == true)
        #expect(outcome("exchange.declare with alternate-exchange", "config-reader")?.text.contains("exchange 'x.existing-foo'") == true)
        #expect(outcome("queue.declare with x-dead-letter-exchange", "configurer")?.text.contains("queue 'q.dlx-foo'") == true)
        #expect(outcome("queue.declare with x-dead-letter-exchange", "config-reader")?.text.contains("exchange 'x.existing-foo'") == true)
        // Reserved queue names are refused before any permission check; exchange names after configure.
        #expect(outcome("queue.declare reserved amq. name", "writer")?.text.contains("reserved prefix") == true)
        #expect(outcome("exchange.declare reserved amq. name", "writer")?.text.contains("refused for user 'writer'") == true)
        // Unanchored search: 'foo' grants 'my-foo-bar'.
        #expect(outcome("exchange.declare name containing the pattern", "unanchored")?.outcome == "ok")
        // Vhost access at connection.open, a hard error.
        #expect(outcome("connection.open to a vhost without permissions", "outsider")?.code == 530)
        #expect(outcome("connection.open to a vhost without permissions", "outsider")?.outcome == "connection-closed")
        // Empty permissions still open the vhost.
        #expect(outcome("connection.open with empty permissions", "nobody")?.outcome == "ok")
        // Topic permissions only bind users that have some.
        #expect(outcome("topic publish with a refused routing key", "topic-user")?.code == 403)
        #expect(outcome("topic publish with a refused routing key", "matrix-admin")?.outcome == "ok")
        // Keys are unique, so the comparison is case for case.
        #expect(Set(recorded.map(\.key)).count == recorded.count)
    }

    @Test func comparisonNamesEveryDifferingCase() {
        func o(_ name: String, _ outcome: String, _ code: Int, _ text: String) -> BrokerOutcome {
            BrokerOutcome(case: name, user: "u", op: "op", outcome: outcome, code: code, text: text)
        }
        let expected = [o("a", "ok", 0, ""), o("b", "channel-closed", 403, "ACCESS_REFUSED - x"), o("c", "ok", 0, "")]
        let actual = [o("a", "ok", 0, ""), o("b", "channel-closed", 403, "ACCESS_REFUSED - y"), o("d", "ok", 0, "")]
        let differences = OutcomeComparison.differences(expected: expected, actual: actual)
        #expect(differences.count == 3)
        #expect(differences[0].hasPrefix("b [u] (op): expected channel-closed 403 ACCESS_REFUSED - x"))
        #expect(differences[1] == "c [u] (op): missing; expected ok")
        #expect(differences[2] == "d [u] (op): not expected; got ok")
        #expect(OutcomeComparison.differences(expected: expected, actual: expected).isEmpty)
    }
}
