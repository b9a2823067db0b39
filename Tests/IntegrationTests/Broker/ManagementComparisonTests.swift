import Foundation
import Testing

/// The same management requests to Debian's rabbitmq-server 3.10 and to `shakedown-broker`,
/// in the same order: status codes, error bodies and the fields clients read must agree.
/// Fields that cannot agree (salted password hashes, statistics, the hash inside a binding's
/// properties key) are left out of the comparison by naming the fields that are compared.
@Suite(.serialized, .enabled(if: RabbitMQServer.unavailableReason == nil, "\(RabbitMQServer.unavailableReason ?? "")"))
struct ManagementComparisonTests {
    /// One request; `keys` names the fields compared in the JSON answer (recursively, in
    /// objects and lists); nil compares the status and, for errors, `error` and `reason`.
    struct Step: CustomStringConvertible {
        var method: String
        var path: String
        var body: String?
        var keys: Set<String>?
        var user = "guest"
        var password = "guest"
        var description: String { "\(user) \(method) \(path) \(body ?? "")" }
    }

    static let exchangeKeys: Set<String> = ["name", "vhost", "type", "durable", "auto_delete", "internal", "arguments"]
    static let bindingKeys: Set<String> = ["source", "vhost", "destination", "destination_type", "routing_key", "arguments"]
    static let messageKeys: Set<String> = [
        "payload", "payload_encoding", "payload_bytes", "redelivered", "exchange", "routing_key", "message_count", "properties",
        "delivery_mode", "headers", "h",
    ]
    static let permissionKeys: Set<String> = ["user", "vhost", "configure", "write", "read", "exchange"]

    static let steps: [Step] = [
        Step(method: "PUT", path: "/api/vhosts/v1"),
        Step(method: "PUT", path: "/api/vhosts/v1", body: #"{"description":"d","tags":"a,b"}"#),
        Step(method: "GET", path: "/api/vhosts/v1", keys: ["name", "description", "tags", "tracing"]),
        Step(method: "GET", path: "/api/vhosts/nope"),
        Step(method: "PUT", path: "/api/users/alice", body: #"{"password":"pw","tags":"management"}"#),
        Step(method: "PUT", path: "/api/users/alice", body: #"{"password":"pw","tags":"management"}"#),
        Step(method: "GET", path: "/api/users/alice", keys: ["name", "tags", "hashing_algorithm", "limits"]),
        Step(method: "PUT", path: "/api/users/carl", body: #"{"password":"x"}"#),
        Step(method: "PUT", path: "/api/users/dan", body: "{"),
        Step(method: "PUT", path: "/api/users/dan", body: "[1]"),
        Step(method: "GET", path: "/api/users/zed"),
        Step(method: "GET", path: "/api/whoami", keys: ["name", "tags"], user: "alice", password: "pw"),
        Step(method: "GET", path: "/api/users", user: "alice", password: "pw"),
        Step(method: "GET", path: "/api/whoami", user: "alice", password: "wrong"),
        Step(method: "PUT", path: "/api/permissions/v1/alice", body: #"{"configure":"^foo","write":"^foo","read":"^foo"}"#),
        Step(method: "PUT", path: "/api/permissions/v1/alice", body: #"{"configure":"^foo","write":"^foo"}"#),
        Step(method: "PUT", path: "/api/permissions/v1/zed", body: #"{"configure":"","write":"","read":""}"#),
        Step(method: "GET", path: "/api/permissions/v1/alice", keys: permissionKeys),
        Step(method: "GET", path: "/api/vhosts/v1/permissions", keys: permissionKeys),
        Step(method: "GET", path: "/api/users/alice/permissions", keys: permissionKeys),
        Step(method: "PUT", path: "/api/topic-permissions/v1/alice", body: #"{"exchange":"amq.topic","write":"^a","read":".*"}"#),
        Step(method: "PUT", path: "/api/topic-permissions/v1/alice", body: #"{"exchange":"amq.topic"}"#),
        Step(method: "GET", path: "/api/topic-permissions/v1/alice", keys: permissionKeys),
        Step(method: "PUT", path: "/api/exchanges/v1/ex1", body: #"{"type":"direct","durable":true}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/ex1", body: #"{"type":"direct","durable":true}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/ex1", body: #"{"type":"fanout","durable":true}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/ex3", body: #"{"type":"nope"}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/amq.foo", body: #"{"type":"direct"}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/e9", body: #"{"type":"direct","durable":"yes"}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/e9", body: #""x""#),
        Step(method: "PUT", path: "/api/exchanges/nope/x", body: #"{"type":"direct"}"#),
        Step(method: "PUT", path: "/api/exchanges/v1/bar", body: #"{"type":"direct"}"#, user: "alice", password: "pw"),
        Step(method: "PUT", path: "/api/exchanges/v1/foo1", body: #"{"type":"direct"}"#, user: "alice", password: "pw"),
        Step(method: "GET", path: "/api/exchanges/v1/ex1", keys: exchangeKeys),
        Step(method: "GET", path: "/api/exchanges/v1", keys: exchangeKeys),
        Step(method: "GET", path: "/api/exchanges/v1/amq.default", keys: exchangeKeys),
        Step(method: "GET", path: "/api/exchanges/v1/nope"),
        Step(method: "PUT", path: "/api/queues/v1/q1", body: #"{"durable":true,"arguments":{"x-max-length":10}}"#),
        Step(method: "PUT", path: "/api/queues/v1/q1", body: #"{"durable":false}"#),
        Step(method: "PUT", path: "/api/queues/v1/q2", body: #"{"arguments":{"x-max-length":"a"}}"#),
        Step(method: "PUT", path: "/api/queues/v1/bar", body: "{}", user: "alice", password: "pw"),
        Step(method: "GET", path: "/api/queues/v1/q1", keys: ["name", "vhost", "durable", "auto_delete", "exclusive", "arguments", "x-max-length"]),
        Step(method: "POST", path: "/api/bindings/v1/e/ex1/q/q1", body: #"{"routing_key":"k","arguments":{}}"#),
        Step(method: "POST", path: "/api/bindings/v1/e/ex1/e/amq.fanout", body: #"{"routing_key":""}"#),
        Step(method: "POST", path: "/api/bindings/v1/e/ex1/q/nope", body: #"{"routing_key":""}"#),
        Step(method: "GET", path: "/api/bindings/v1", keys: bindingKeys.union(["properties_key"])),
        Step(method: "GET", path: "/api/bindings/v1/e/ex1/q/q1/k", keys: bindingKeys.union(["properties_key"])),
        Step(method: "GET", path: "/api/bindings/v1/e/ex1/q/q1/zz"),
        Step(method: "POST", path: "/api/exchanges/v1/ex1/publish", body: #"{"properties":{"headers":{"h":1},"delivery_mode":2},"routing_key":"k","payload":"hello","payload_encoding":"string"}"#, keys: ["routed"]),
        Step(method: "POST", path: "/api/exchanges/v1/ex1/publish", body: #"{"properties":{},"routing_key":"none","payload":"aGk=","payload_encoding":"base64"}"#, keys: ["routed"]),
        Step(method: "POST", path: "/api/exchanges/v1/ex1/publish", body: #"{"properties":{},"routing_key":"k"}"#),
        Step(method: "POST", path: "/api/exchanges/v1/ex1/publish", body: #"{"properties":{},"routing_key":"k","payload":"x","payload_encoding":"bogus"}"#),
        Step(method: "POST", path: "/api/exchanges/v1/nope/publish", body: #"{"properties":{},"routing_key":"k","payload":"x","payload_encoding":"string"}"#),
        Step(method: "POST", path: "/api/queues/v1/q1/get", body: #"{"count":5,"ackmode":"ack_requeue_true","encoding":"auto","truncate":50000}"#, keys: messageKeys),
        Step(method: "POST", path: "/api/queues/v1/q1/get", body: #"{"count":5}"#),
        Step(method: "POST", path: "/api/queues/v1/q1/get", body: #"{"count":1,"ackmode":"ack_requeue_true","encoding":"x"}"#),
        Step(method: "POST", path: "/api/queues/v1/nope/get", body: #"{"count":1,"ackmode":"ack_requeue_true","encoding":"auto"}"#),
        Step(method: "POST", path: "/api/queues/v1/q1/get", body: #"{"count":5,"ackmode":"ack_requeue_false","encoding":"base64"}"#, keys: messageKeys),
        Step(method: "DELETE", path: "/api/exchanges/v1/ex1?if-unused=true"),
        Step(method: "POST", path: "/api/exchanges/v1/ex1/publish", body: #"{"properties":{},"routing_key":"k","payload":"x","payload_encoding":"string"}"#, keys: ["routed"]),
        Step(method: "DELETE", path: "/api/queues/v1/q1?if-empty=true"),
        Step(method: "DELETE", path: "/api/queues/v1/q1/contents"),
        Step(method: "DELETE", path: "/api/bindings/v1/e/ex1/q/q1/k"),
        Step(method: "DELETE", path: "/api/bindings/v1/e/ex1/q/q1/k"),
        Step(method: "GET", path: "/api/definitions/v1", keys: ["queues", "exchanges", "bindings"].reduce(into: bindingKeys.union(exchangeKeys)) { $0.insert($1) }),
        Step(method: "DELETE", path: "/api/queues/v1/nope"),
        Step(method: "DELETE", path: "/api/exchanges/v1/nope"),
        Step(method: "DELETE", path: "/api/permissions/v1/alice"),
        Step(method: "GET", path: "/api/permissions/v1/alice"),
        Step(method: "DELETE", path: "/api/whoami"),
        Step(method: "GET", path: "/api/nope"),
        Step(method: "DELETE", path: "/api/users/alice"),
        Step(method: "DELETE", path: "/api/users/alice"),
        Step(method: "DELETE", path: "/api/vhosts/v1"),
        Step(method: "GET", path: "/api/exchanges/v1"),
    ]

    @Test func sameAnswersAsRabbitMQ() throws {
        let oracle = try RabbitMQServer()
        defer { oracle.stop() }
        let ours = try ShakedownBrokerServer()
        defer { ours.stop() }
        for step in Self.steps {
            let expected = try Self.send(step, to: oracle.managementPort)
            let actual = try Self.send(step, to: ours.managementPort)
            #expect(actual.status == expected.status, "\(step): rabbitmq \(expected.status) \(expected.text), ours \(actual.status) \(actual.text)")
            let expectedShape = Self.shape(expected, keys: step.keys)
            let actualShape = Self.shape(actual, keys: step.keys)
            // A step that names fields must get some from the oracle, or it compares nothing.
            if step.keys != nil { #expect(!expectedShape.isEmpty && expectedShape != "{}", "\(step): rabbitmq answered \(expected.text)") }
            #expect(actualShape == expectedShape, "\(step):\n rabbitmq \(expectedShape)\n ours     \(actualShape)")
        }
    }

    static func send(_ step: Step, to port: Int) throws -> ManagementHTTP.Reply {
        try ManagementHTTP(port: port, user: step.user, password: step.password).request(step.method, step.path, step.body)
    }

    /// What is compared: error bodies whole; other bodies projected onto `keys`, lists as
    /// sorted multisets; nothing when `keys` is nil.
    static func shape(_ reply: ManagementHTTP.Reply, keys: Set<String>?) -> String {
        guard let json = try? JSONDecoder().decode(JSON.self, from: Data(reply.text.utf8)) else { return "" }
        if case .object(let members) = json, members["error"] != nil { return json.canonical }
        guard let keys else { return "" }
        return json.projected(onto: keys).canonical
    }

    /// A JSON value that keeps booleans and numbers apart.
    enum JSON: Decodable {
        case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let value = try? single.decode(Bool.self) { self = .bool(value) }
            else if let value = try? single.decode(Double.self) { self = .number(value) }
            else if let value = try? single.decode(String.self) { self = .string(value) }
            else if let value = try? single.decode([JSON].self) { self = .array(value) }
            else { self = .object(try single.decode([String: JSON].self)) }
        }

        func projected(onto keys: Set<String>) -> JSON {
            switch self {
            case .object(let members): .object(members.filter { keys.contains($0.key) }.mapValues { $0.projected(onto: keys) })
            case .array(let items): .array(items.map { $0.projected(onto: keys) })
            default: self
            }
        }

        var canonical: String {
            switch self {
            case .null: "null"
            case .bool(let value): "\(value)"
            case .number(let value): "\(value)"
            case .string(let value): "\"\(value)\""
            case .array(let items): "[" + items.map(\.canonical).sorted().joined(separator: ",") + "]"
            case .object(let members): "{" + members.keys.sorted().map { "\($0):\(members[$0]?.canonical ?? "")" }.joined(separator: ",") + "}"
            }
        }
    }
}
