import Foundation
import Testing

/// The seed's broker deployment (Fixtures/broker/seed/definitions.json): the administrator
/// owns a fanout exchange and a queue per consuming system; a publisher may only publish to
/// the exchange; each consumer may only read its own queue; nobody else declares anything.
/// Run with pika (Tests/Helpers/broker/seed_scenario.py) against each target.
@Suite(.serialized) struct SeedScenarioTests {
    static let definitions = PackagePaths.root.appendingPathComponent("Fixtures/broker/seed/definitions.json")
    static let messages = 20

    @Test(arguments: BrokerTarget.allCases)
    func messagesFlowAndEveryOtherActionIsRefused(target: BrokerTarget) throws {
        if let reason = target.unavailableReason ?? BrokerScripts.unavailableReason {
            print("SeedScenarioTests skipped for \(target): \(reason)")
            return
        }
        let broker = try target.start(definitions: Self.definitions)
        defer { broker.stop() }
        let outcomes = try BrokerScripts.run(
            "seed_scenario.py", ["--host", broker.host, "--port", String(broker.port), "--messages", String(Self.messages)],
            savingAs: "seed-scenario-\(target)")

        // The property itself: every message confirmed and delivered to both systems, in order;
        // every action outside a grant refused on its channel with 403.
        let delivered = "\(Self.messages) of \(Self.messages) in order"
        #expect(outcomes.first { $0.case == "allowed: publisher publishes to its exchange" }?.text == "\(Self.messages) confirmed")
        #expect(outcomes.first { $0.case == "allowed: consumer-a consumes its queue" }?.text == delivered)
        #expect(outcomes.first { $0.case == "allowed: consumer-b fetches from its queue" }?.text == delivered)
        for outcome in outcomes where outcome.case.hasPrefix("allowed: ") {
            #expect(outcome.outcome == "ok", "\(outcome.key): \(outcome)")
        }
        let refusals = outcomes.filter { $0.case.hasPrefix("refused: ") }
        #expect(refusals.count >= 20)
        for outcome in refusals {
            #expect(outcome.outcome == "channel-closed" && outcome.code == 403, "\(outcome.key): \(outcome)")
        }

        // And the exact codes and texts, as RabbitMQ 3.10 gave them.
        let expected = try BrokerOutcome.fixture("seed/expected-rabbitmq-3.10.jsonl")
        let differences = OutcomeComparison.differences(expected: expected, actual: outcomes)
        for line in differences { print("\(target): \(line)") }
        #expect(differences.isEmpty, "differs from RabbitMQ 3.10 on \(target):\n\(differences.joined(separator: "\n"))")
    }
}
