import Foundation
import Testing
import Shakedown

/// The acceptance item: confirmed persistent messages survive `kill -9` of the broker, and
/// so do durable exchanges, queues, bindings and definitions. Real clients (pika) against
/// `.build/debug/shakedown-broker`.
@Suite(.serialized) struct BrokerDurabilityTests {
    static let messages = 300

    static var brokerBinary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-broker") }

    static func startBroker(_ arguments: [String]) throws -> ServerProcess {
        guard FileManager.default.isExecutableFile(atPath: brokerBinary.path) else {
            throw ServerProcess.Failure(description: "\(brokerBinary.path) is missing: run `swift build` first")
        }
        return try ServerProcess(brokerBinary, arguments: arguments, readyLine: "Server startup complete")
    }

    @Test func confirmedMessagesAndDefinitionsSurviveKillDashNine() throws {
        let directory = try TemporaryDirectory("broker-durability")
        let dataDir = directory.path("data")
        let definitions = directory.path("definitions.json")
        try Data(Self.definitions.utf8).write(to: URL(fileURLWithPath: definitions))
        let script = directory.path("client.py")
        try Data(Self.client.utf8).write(to: URL(fileURLWithPath: script))

        let first = try Self.startBroker(["--data-dir", dataDir, "--definitions", definitions, "--management-port", "0"])
        let published = try Self.python(script, first.port, "publish", String(Self.messages))
        #expect(published.json?["confirmed"] as? Int == Self.messages, "publisher: \(published.output)\nbroker: \(first.output)")
        first.stop()  // SIGKILL, right after the last confirm

        // Restarted without --definitions: alice and vhost `extra` must come from the data dir.
        let second = try Self.startBroker(["--data-dir", dataDir, "--management-port", "0"])
        let checked = try Self.python(script, second.port, "check", String(Self.messages))
        let result = try #require(checked.json, "checker: \(checked.output)\nbroker: \(second.output)")
        #expect(result["message_count"] as? Int == Self.messages)
        #expect(result["bodies"] as? [String] == (0..<Self.messages).map { "m\($0)" }, "every confirmed message, in order")
        #expect(result["headers_ok"] as? Bool == true)
        #expect(result["redelivered"] as? [Bool] == Array(repeating: false, count: Self.messages), "never delivered before")
        #expect(result["binding_routes"] as? String == "after-restart")
        #expect(result["transient_queue"] as? Int == 404)
        #expect(result["extra_vhost"] as? Bool == true)
        second.stop()

        // Damage in the middle of the journal: the broker refuses to start and says where.
        let journal = dataDir + "/journal.log"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        let middle = bytes.count / 2
        bytes[middle] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: journal))
        let refused = try ServerProcess.runExpectingExit(
            Self.brokerBinary, ["--port", "0", "--data-dir", dataDir, "--management-port", "0"], timeout: 60)
        #expect(refused.status != 0)
        #expect(refused.output.contains("journal '\(journal)' is corrupt at offset"), "\(refused.output)")
    }

    /// Users, vhosts and permissions made through the management API are saved as they are
    /// made: after `kill -9` the new user still logs in, with its permissions.
    @Test func managementChangesSurviveKillDashNine() throws {
        let directory = try TemporaryDirectory("broker-definitions")
        let dataDir = directory.path("data")
        let managementPort = try FreePort.find()
        let first = try Self.startBroker(["--data-dir", dataDir, "--management-port", String(managementPort)])
        let admin = ManagementHTTP(port: managementPort)
        #expect(try admin.request("PUT", "/api/vhosts/sales").status == 201)
        #expect(try admin.request("PUT", "/api/users/carol", #"{"password":"pw","tags":"management"}"#).status == 201)
        let grant = #"{"configure":"^carol-","write":".*","read":".*"}"#
        #expect(try admin.request("PUT", "/api/permissions/sales/carol", grant).status == 201)
        first.stop()  // SIGKILL

        let second = try Self.startBroker(["--data-dir", dataDir, "--management-port", String(managementPort)])
        defer { second.stop() }
        let carol = ManagementHTTP(port: managementPort, user: "carol", password: "pw")
        let whoami = try carol.request("GET", "/api/whoami")
        #expect(whoami.status == 200, "\(whoami.text)\n\(second.output)")
        let permission = try admin.request("GET", "/api/permissions/sales/carol")
        #expect(permission.status == 200, "\(permission.text)")
        #expect((permission.json as? [String: Any])?["configure"] as? String == "^carol-", "\(permission.text)")
    }

    /// Runs the pika client; its last line is a JSON object.
    static func python(_ script: String, _ port: Int, _ arguments: String...) throws -> (output: String, json: [String: Any]?) {
        let python = try ExternalTool.locate("python3")
        let output = try ServerProcess.runExpectingExit(python, [script, String(port)] + arguments, timeout: 180).output
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        let json = (try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any]
        return (output, json)
    }

    static let definitions = #"""
    {
      "users": [{"name": "alice", "password": "wonderland", "tags": ["management"]}],
      "vhosts": [{"name": "/"}, {"name": "extra"}],
      "permissions": [
        {"user": "alice", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"},
        {"user": "alice", "vhost": "extra", "configure": ".*", "write": ".*", "read": ".*"}
      ]
    }
    """#

    static let client = #"""
    import json, sys
    import pika

    port, mode, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])

    def connect(user="alice", password="wonderland", vhost="/"):
        return pika.BlockingConnection(pika.ConnectionParameters(
            host="127.0.0.1", port=port, virtual_host=vhost,
            credentials=pika.PlainCredentials(user, password), heartbeat=0, connection_attempts=3))

    connection = connect()
    channel = connection.channel()
    if mode == "publish":
        channel.exchange_declare("dx", "direct", durable=True)
        channel.queue_declare("dq", durable=True)
        channel.queue_bind("dq", "dx", routing_key="k")
        channel.queue_declare("tq", durable=False)
        channel.queue_bind("tq", "dx", routing_key="k")
        channel.confirm_delivery()
        # Transient: in a durable queue, still gone after a restart.
        channel.basic_publish("dx", "k", b"transient", pika.BasicProperties(delivery_mode=1))
        confirmed = 0
        for i in range(count):
            channel.basic_publish("dx", "k", ("m%d" % i).encode(),
                                  pika.BasicProperties(delivery_mode=2, headers={"i": i}), mandatory=True)
            confirmed += 1
        print(json.dumps({"confirmed": confirmed}), flush=True)
    else:
        result = {}
        channel.exchange_declare("dx", passive=True)
        result["message_count"] = channel.queue_declare("dq", passive=True).method.message_count
        bodies, redelivered, headers_ok = [], [], True
        while True:
            method, properties, body = channel.basic_get("dq", auto_ack=False)
            if method is None:
                break
            bodies.append(body.decode())
            redelivered.append(method.redelivered)
            headers_ok = headers_ok and (properties.headers or {}).get("i") == len(bodies) - 1 \
                and properties.delivery_mode == 2
        channel.basic_ack(delivery_tag=0, multiple=True)
        result.update(bodies=bodies, redelivered=redelivered, headers_ok=headers_ok)
        channel.confirm_delivery()
        channel.basic_publish("dx", "k", b"after-restart", pika.BasicProperties(delivery_mode=2), mandatory=True)
        method, _, body = channel.basic_get("dq", auto_ack=True)
        result["binding_routes"] = body.decode() if method else None
        try:
            channel.queue_declare("tq", passive=True)
            result["transient_queue"] = 200
        except pika.exceptions.ChannelClosedByBroker as error:
            result["transient_queue"] = error.reply_code
        try:
            connect(vhost="extra").close()
            result["extra_vhost"] = True
        except Exception:
            result["extra_vhost"] = False
        print(json.dumps(result), flush=True)
    """#
}
