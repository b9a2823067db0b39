import Foundation
import Testing

/// Real clients against `shakedown-broker`: pika and amqp-tools unchanged, and crafted bytes
/// over a socket, each error answered as RabbitMQ 3.10 answers it while others are served.
@Suite(.serialized) struct BrokerClientTests {
    static let helper = PackagePaths.root.appendingPathComponent("Tests/Helpers/broker/broker_client.py").path

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let (status, output) = try ExternalTool.run(tool, arguments)
        #expect(status == 0, "\(tool) \(arguments) failed: \(output)")
        return output
    }

    @Test func pikaDeclaresPublishesConsumesConfirmsAndCommits() throws {
        let broker = try ShakedownBrokerProcess()
        let output = try run("python3", [Self.helper, "pika", String(broker.port)])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(result?["declare"] as? String == "it-q")
        #expect(result?["returned"] as? Bool == true)
        #expect(result?["get"] as? [AnyHashable] == ["m0", 2])
        // The nacked m0 comes back first, redelivered.
        #expect(result?["consumed"] as? [[String]] == [["m0", "redelivered"], ["m1", "first"], ["m2", "first"]])
        #expect(result?["before_commit"] as? Int == 0)
        #expect(result?["after_commit"] as? Int == 1)
        #expect(result?["bad_ack"] as? [AnyHashable] == [406, "PRECONDITION_FAILED - unknown delivery tag 42"])
    }

    @Test func amqpToolsDeclarePublishGetAndConsume() throws {
        let broker = try ShakedownBrokerProcess()
        let url = "amqp://guest:guest@127.0.0.1:\(broker.port)"
        #expect(try run("amqp-declare-queue", ["--url", url, "-q", "tools-q"]).contains("tools-q"))
        for body in ["first", "second", "third"] {
            _ = try run("amqp-publish", ["--url", url, "-r", "tools-q", "-b", body])
        }
        #expect(try run("amqp-get", ["--url", url, "-q", "tools-q"]) == "first")
        let consumed = try run("amqp-consume", ["--url", url, "-q", "tools-q", "-c", "2", "cat"])
        #expect(consumed == "secondthird")
    }

    @Test func craftedBytesGetRabbitMQsReactionsAndOthersAreStillServed() throws {
        let broker = try ShakedownBrokerProcess()
        let expected = [
            // Our protocol header back, then the socket closes.
            "garbage": "414d515000000901",
            "bad-frame-end": "ch0 close 501 FRAME_ERROR - type 1, all octets = <<0,10,0,51>>: {invalid_frame_end_marker,0} 0/0 | closed",
            "oversize-frame": "ch0 close 501 FRAME_ERROR - type 1, all octets = <<>>: {frame_too_large,131073,131064} 0/0 | closed",
            "channel0-method": "ch0 close 504 CHANNEL_ERROR - unexpected method in connection state running 50/10",
        ]
        for (scenario, reaction) in expected.sorted(by: { $0.key < $1.key }) {
            let output = try run("python3", [Self.helper, "raw", scenario, String(broker.port)])
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == reaction, "\(scenario)")
        }
        let url = "amqp://guest:guest@127.0.0.1:\(broker.port)"
        #expect(try run("amqp-declare-queue", ["--url", url, "-q", "still-serving"]).contains("still-serving"))
    }
}
