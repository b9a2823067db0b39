import Foundation
import Testing

/// Debian's `rabbitmqadmin` (from rabbitmq-server's package) against `shakedown-broker`'s
/// management API: the paths and JSON it relies on.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/rabbitmqadmin"), "rabbitmqadmin is not installed"))
struct RabbitmqadminTests {
    static let tool = "/usr/bin/rabbitmqadmin"

    func admin(_ broker: ShakedownBrokerServer, _ arguments: [String], user: String = "guest", password: String = "guest") throws -> String {
        let (status, output) = try ExternalTool.run(
            Self.tool, ["-H", "127.0.0.1", "-P", String(broker.managementPort), "-u", user, "-p", password] + arguments)
        #expect(status == 0, "rabbitmqadmin \(arguments.joined(separator: " ")): \(output)")
        return output
    }

    func list(_ broker: ShakedownBrokerServer, _ what: String) throws -> [[String: Any]] {
        let text = try admin(broker, ["-f", "raw_json", "list", what])
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
    }

    @Test func declarePublishGetListAndAccessControl() throws {
        let broker = try ShakedownBrokerServer()
        defer { broker.stop() }
        #expect(try admin(broker, ["declare", "exchange", "name=ex1", "type=direct"]).contains("exchange declared"))
        #expect(try admin(broker, ["declare", "queue", "name=q1", "durable=true"]).contains("queue declared"))
        #expect(try admin(broker, ["declare", "binding", "source=ex1", "destination=q1", "routing_key=k"]).contains("binding declared"))
        #expect(try admin(broker, ["publish", "exchange=ex1", "routing_key=k", "payload=hello"]).contains("Message published"))
        let queues = try list(broker, "queues")
        #expect(queues.first { $0["name"] as? String == "q1" }?["messages"] as? Int == 1)
        let got = try admin(broker, ["-f", "raw_json", "get", "queue=q1", "ackmode=ack_requeue_false"])
        #expect(got.contains("\"payload\":\"hello\""))
        #expect(try list(broker, "exchanges").contains { $0["name"] as? String == "ex1" && $0["type"] as? String == "direct" })
        #expect(try list(broker, "bindings").contains { $0["source"] as? String == "ex1" && $0["routing_key"] as? String == "k" })

        #expect(try admin(broker, ["declare", "user", "name=bob", "password=pw", "tags=management"]).contains("user declared"))
        #expect(try admin(broker, ["declare", "permission", "vhost=/", "user=bob", "configure=^bob", "write=.*", "read=.*"]).contains("permission declared"))
        #expect(try list(broker, "users").compactMap { $0["name"] as? String }.sorted() == ["bob", "guest"])
        #expect(try list(broker, "permissions").contains { $0["user"] as? String == "bob" && $0["configure"] as? String == "^bob" })
        // bob may declare what his configure regex allows, nothing else.
        #expect(try admin(broker, ["declare", "queue", "name=bob-q"], user: "bob", password: "pw").contains("queue declared"))
        let (status, refusal) = try ExternalTool.run(
            Self.tool, ["-H", "127.0.0.1", "-P", String(broker.managementPort), "-u", "bob", "-p", "pw", "declare", "queue", "name=other"])
        #expect(status != 0)
        #expect(refusal.contains("Access refused: /api/queues/%2F/other"))

        #expect(try admin(broker, ["delete", "binding", "source=ex1", "destination=q1", "destination_type=queue", "properties_key=k"]).contains("binding deleted"))
        #expect(try admin(broker, ["delete", "queue", "name=q1"]).contains("queue deleted"))
        #expect(try admin(broker, ["show", "overview"]).contains("3.10.8"))
    }
}
