import Foundation
import Testing

/// rabbitmq-c's command-line tools (Debian's amqp-tools), unchanged, against each target
/// with the seed's definitions: declare, publish, get, consume, and the refusals they print.
/// Expected outputs are what the tools printed against rabbitmq-server 3.10.
@Suite(.serialized) struct AMQPToolsTests {
    static let unavailableReason: String? = {
        for tool in ["amqp-declare-queue", "amqp-publish", "amqp-get", "amqp-consume"]
        where (try? ExternalTool.locate(tool)) == nil {
            return "\(tool) is not on the PATH (Scripts/setup.sh installs amqp-tools)"
        }
        return nil
    }()

    @Test(arguments: BrokerTarget.allCases)
    func declarePublishGetConsumeAndRefusals(target: BrokerTarget) throws {
        if let reason = target.unavailableReason ?? Self.unavailableReason {
            print("AMQPToolsTests skipped for \(target): \(reason)")
            return
        }
        let broker = try target.start(definitions: SeedScenarioTests.definitions)
        defer { broker.stop() }
        // Every tool call is bounded: a broker that never answers fails the test, never hangs it.
        // The result reads "exit N: output", so a failed expectation shows both.
        func tool(_ name: String, _ user: String, _ password: String? = nil, _ arguments: [String]) throws -> String {
            let connection = [
                "--server=\(broker.host)", "--port=\(broker.port)", "--username=\(user)",
                "--password=\(password ?? user + "-secret")",
            ]
            let run = try ExternalTool.run("timeout", ["20", name] + connection + arguments)
            return "exit \(run.status): \(run.output)"
        }

        // The administrator's own queue: a full round trip.
        let declared = try tool("amqp-declare-queue", "seed-admin", nil, ["-q", "tools-q"])
        #expect(declared == "exit 0: tools-q\n")
        #expect(try tool("amqp-publish", "seed-admin", nil, ["-r", "tools-q", "-b", "hello-get"]) == "exit 0: ")
        #expect(try tool("amqp-get", "seed-admin", nil, ["-q", "tools-q"]) == "exit 0: hello-get")
        // An empty queue: get-empty, exit status 2, nothing printed.
        #expect(try tool("amqp-get", "seed-admin", nil, ["-q", "tools-q"]) == "exit 2: ")
        #expect(try tool("amqp-publish", "seed-admin", nil, ["-p", "-r", "tools-q", "-b", "hello-consume"]) == "exit 0: ")
        #expect(try tool("amqp-consume", "seed-admin", nil, ["-q", "tools-q", "-c", "1", "cat"]) == "exit 0: hello-consume")

        // The seed's flow: the publisher to the fanout exchange, each system from its queue.
        #expect(try tool("amqp-publish", "publisher", nil, ["-e", "data.events", "-b", "via-tools"]) == "exit 0: ")
        #expect(try tool("amqp-get", "consumer-a", nil, ["-q", "system-a"]) == "exit 0: via-tools")
        #expect(try tool("amqp-consume", "consumer-b", nil, ["-q", "system-b", "-c", "1", "cat"]) == "exit 0: via-tools")

        // Refusals, as the tools report the broker's close.
        #expect(
            try tool("amqp-declare-queue", "publisher", nil, ["-q", "rogue"])
                == "exit 1: queue.declare: server channel error 403, message: ACCESS_REFUSED - access to queue 'rogue' in vhost '/' refused for user 'publisher'\n")
        #expect(
            try tool("amqp-get", "consumer-a", nil, ["-q", "system-b"])
                == "exit 1: basic.get: server channel error 403, message: ACCESS_REFUSED - access to queue 'system-b' in vhost '/' refused for user 'consumer-a'\n")
        #expect(
            try tool("amqp-publish", "consumer-a", nil, ["-e", "data.events", "-b", "not allowed"])
                == "exit 1: closing channel: server channel error 403, message: ACCESS_REFUSED - access to exchange 'data.events' in vhost '/' refused for user 'consumer-a'\n")
        #expect(
            try tool("amqp-get", "consumer-a", "wrong", ["-q", "system-a"])
                == "exit 1: logging in to AMQP server: server connection error 403, message: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.\n")
    }
}
