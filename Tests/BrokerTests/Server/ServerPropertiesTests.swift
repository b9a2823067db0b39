import AMQP
import Testing

@testable import Broker

@Suite struct ServerPropertiesTests {
    @Test func startOffersRabbitMQ310sCapabilitiesAndMechanisms() {
        let start = ServerProperties.start(clusterName: "rabbit@localhost", mechanisms: ServerProperties.mechanisms)
        #expect(start.versionMajor == 0 && start.versionMinor == 9)
        #expect(String(decoding: start.mechanisms, as: UTF8.self) == "AMQPLAIN PLAIN")
        #expect(String(decoding: start.locales, as: UTF8.self) == "en_US")
        guard case .table(let capabilities)? = start.serverProperties["capabilities"] else {
            Issue.record("no capabilities table")
            return
        }
        #expect(capabilities.entries.map(\.name) == [
            "publisher_confirms", "exchange_exchange_bindings", "basic.nack", "consumer_cancel_notify", "connection.blocked",
            "consumer_priorities", "authentication_failure_close", "per_consumer_qos", "direct_reply_to",
        ])
        #expect(capabilities.entries.allSatisfy { $0.value == .boolean(true) })
        #expect(start.serverProperties["product"] == .string("RabbitMQ"))
        #expect(start.serverProperties["version"] == .string("3.10.8"))
    }
}
