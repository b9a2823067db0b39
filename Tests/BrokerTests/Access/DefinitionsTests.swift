import AMQP
import Testing

@testable import Broker

@Suite("Definitions documents")
struct DefinitionsTests {
    /// The shape of RabbitMQ 3.10's GET /api/definitions (tags as a list, vhosts by name).
    static let export310 = #"""
        {"rabbit_version":"3.10.8","rabbitmq_version":"3.10.8","product_name":"RabbitMQ","product_version":"3.10.8",
         "users":[{"name":"guest","password_hash":"jKN0q4Qln4eQnQQhJkKQl05iXdB5Jt6Oh3McQ7JMQpVnSaex",
                   "hashing_algorithm":"rabbit_password_hashing_sha256","tags":["administrator"],"limits":{}},
                  {"name":"pub","password_hash":"ly2w14B7bbLSK6fBqOkRl97n1ks=","hashing_algorithm":"rabbit_password_hashing_md5",
                   "tags":[],"limits":{}}],
         "vhosts":[{"name":"/"},{"name":"prod"}],
         "permissions":[{"user":"guest","vhost":"/","configure":".*","write":".*","read":".*"},
                        {"user":"pub","vhost":"prod","configure":"","write":"^events$","read":""}],
         "topic_permissions":[{"user":"pub","vhost":"prod","exchange":"amq.topic","write":"^{username}\\.","read":""}],
         "parameters":[{"vhost":"prod","component":"federation-upstream","name":"up","value":{"uri":"amqp://x"}}],
         "global_parameters":[{"name":"cluster_name","value":"rabbit@host"}],
         "policies":[{"vhost":"prod","name":"ttl","pattern":"^orders$","apply-to":"queues","definition":{"message-ttl":60000},"priority":0}],
         "queues":[{"name":"orders","vhost":"prod","durable":true,"auto_delete":false,
                    "arguments":{"x-message-ttl":60000,"x-dead-letter-exchange":"dlx","x-queue-type":"classic","x-ratio":0.5,
                                 "x-flag":true,"x-list":[1,"a",{"k":false}]}}],
         "exchanges":[{"name":"events","vhost":"prod","type":"fanout","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],
         "bindings":[{"source":"events","vhost":"prod","destination":"orders","destination_type":"queue","routing_key":"","arguments":{}}]}
        """#

    @Test("a 3.10 export decodes into every part, arguments as field values")
    func decode310() throws {
        let definitions = try Definitions.decode(json: Array(Self.export310.utf8))
        #expect(definitions.rabbitVersion == "3.10.8")
        #expect(definitions.users.map(\.name) == ["guest", "pub"])
        #expect(definitions.users[0].tags == ["administrator"])
        #expect(definitions.vhosts == [Definitions.Vhost(name: "/"), Definitions.Vhost(name: "prod")])
        #expect(definitions.topicPermissions[0].write == #"^{username}\."#)
        #expect(definitions.policies[0].applyTo == "queues")
        #expect(definitions.policies[0].definition == .object(["message-ttl": .integer(60000)]))
        #expect(definitions.globalParameters[0].value == .string("rabbit@host"))
        let queue = try #require(definitions.queues.first)
        #expect(queue.durable && !queue.autoDelete)
        // Members in key order (an Erlang map's), integers as long, fractions as double.
        #expect(queue.arguments.entries.map(\.name) == ["x-dead-letter-exchange", "x-flag", "x-list", "x-message-ttl", "x-queue-type", "x-ratio"])
        #expect(queue.arguments["x-message-ttl"] == .int64(60000))
        #expect(queue.arguments["x-ratio"] == .double(0.5))
        #expect(queue.arguments["x-flag"] == .boolean(true))
        #expect(queue.arguments["x-dead-letter-exchange"] == .string("dlx"))
        #expect(queue.arguments["x-list"] == .array([.int64(1), .string("a"), .table(["k": .boolean(false)])]))
        #expect(definitions.exchanges == [Definitions.Exchange(name: "events", vhost: "prod", type: "fanout")])
        #expect(definitions.bindings == [
            Definitions.Binding(source: "events", vhost: "prod", destination: "orders", destinationType: .queue, routingKey: "")
        ])
    }

    @Test("encode then decode gives the same document")
    func roundTrip() throws {
        let definitions = try Definitions.decode(json: Array(Self.export310.utf8))
        #expect(try Definitions.decode(json: definitions.json()) == definitions)
        #expect(try Definitions.decode(json: definitions.json(pretty: true)) == definitions)
    }

    @Test("import into access control, then export, keeps users, hashes, vhosts and permissions")
    func importExport() throws {
        let access = AccessControl(state: AccessState())
        try access.importDefinitions(try Definitions.decode(json: Array(Self.export310.utf8)))
        // Hashes from the file log in, with their algorithms.
        #expect(try access.authenticate(mechanism: "PLAIN", credentials: .init(username: "guest", password: "guest")).tags == [.administrator])
        #expect(try access.authenticate(mechanism: "PLAIN", credentials: .init(username: "pub", password: "guest")).passwordHash?.algorithm == .md5)
        try access.checkPublish(user: "pub", vhost: "prod", exchange: "events")
        #expect(throws: AccessRefusal.topic("other.x", exchange: "amq.topic", vhost: "prod", user: "pub")) {
            try access.checkPublishTopic(user: "pub", vhost: "prod", exchange: "amq.topic", routingKey: "other.x")
        }
        try access.checkPublishTopic(user: "pub", vhost: "prod", exchange: "amq.topic", routingKey: "pub.x")

        let exported = access.snapshot.definitions()
        let original = try Definitions.decode(json: Array(Self.export310.utf8))
        #expect(exported.users == original.users)
        #expect(exported.vhosts == original.vhosts)
        #expect(exported.permissions == original.permissions)
        #expect(exported.topicPermissions == original.topicPermissions)
        #expect(exported.parameters == original.parameters)
        #expect(exported.globalParameters == original.globalParameters)
        #expect(exported.policies == original.policies)
        #expect(exported.rabbitVersion == "3.10.8" && exported.productName == "RabbitMQ")
    }

    @Test("older shapes: tags as a comma-separated string, a cleartext password, no hashing_algorithm, vhost metadata")
    func olderShapes() throws {
        let json = #"""
            {"rabbit_version":"3.5.7",
             "users":[{"name":"old","password_hash":"ly2w14B7bbLSK6fBqOkRl97n1ks=","tags":"administrator, management"},
                      {"name":"clear","password":"pw","tags":""},
                      {"name":"nopw","tags":[]}],
             "vhosts":[{"name":"v","metadata":{"description":"from metadata","tags":["a"]}},{"name":"w","description":"top","tags":"x,y"}]}
            """#
        let access = AccessControl(state: AccessState())
        try access.importDefinitions(try Definitions.decode(json: Array(json.utf8)))
        let old = try access.authenticate(mechanism: "PLAIN", credentials: .init(username: "old", password: "guest"))
        #expect(old.tags == [.administrator, .management])
        #expect(old.passwordHash?.algorithm == .md5)
        #expect(try access.authenticate(mechanism: "PLAIN", credentials: .init(username: "clear", password: "pw")).tags == [])
        #expect(access.user(named: "nopw")?.passwordHash == nil)
        #expect(access.vhost(named: "v") == VhostRecord(name: "v", description: "from metadata", tags: ["a"]))
        #expect(access.vhost(named: "w") == VhostRecord(name: "w", description: "top", tags: ["x", "y"]))
        #expect(access.snapshot.definitions(vhostDetails: true).vhosts.map(\.description) == ["from metadata", "top"])
    }

    @Test(
        "documents that cannot be read: where and why",
        arguments: [
            (#"{"users": [}"#, ""),
            (#"[]"#, ""),
            (#"{"users": {}}"#, "users"),
            (#"{"users": [{"name": "a", "tags": []}, {"tags": []}]}"#, "users[1].name"),
            (#"{"users": [{"name": 5, "tags": []}]}"#, "users[0].name"),
            (#"{"users": [{"name": "a", "tags": 5}]}"#, "users[0].tags"),
            (#"{"vhosts": [{"description": "x"}]}"#, "vhosts[0].name"),
            (#"{"permissions": [{"user": "u", "vhost": "/", "configure": "", "write": ""}]}"#, "permissions[0].read"),
            (#"{"topic_permissions": [{"user": "u", "vhost": "/", "exchange": "t", "write": 1, "read": ""}]}"#, "topic_permissions[0].write"),
            (#"{"queues": [{"name": "q", "vhost": "/", "arguments": {"x-a": null}}]}"#, "queues[0].arguments.x-a"),
            (#"{"queues": [{"name": "q", "vhost": "/", "arguments": {"x-a": [1, null]}}]}"#, "queues[0].arguments.x-a[1]"),
            (#"{"queues": [{"name": "q", "vhost": "/", "arguments": "x"}]}"#, "queues[0].arguments"),
            (#"{"queues": [{"name": "q", "vhost": "/", "durable": "yes"}]}"#, "queues[0].durable"),
            (#"{"exchanges": [{"name": "x", "vhost": "/"}]}"#, "exchanges[0].type"),
            (#"{"bindings": [{"source": "x", "vhost": "/", "destination": "q", "destination_type": "topic"}]}"#, "bindings[0].destination_type"),
            (#"{"policies": [{"vhost": "/", "pattern": ".*", "definition": {}}]}"#, "policies[0].name"),
            (#"{"parameters": [{"vhost": "/", "component": "c", "name": "n"}]}"#, "parameters[0].value"),
        ])
    func unreadable(json: String, path: String) {
        #expect {
            try Definitions.decode(json: Array(json.utf8))
        } throws: { error in
            guard let error = error as? DefinitionsError else { return false }
            return error.path == path && !error.reason.isEmpty
        }
    }

    @Test(
        "documents that read but cannot be imported: where and why, and nothing imported",
        arguments: [
            (#"{"users": [{"name": "a"}]}"#, "users[0].tags", "missing (tags_not_present)"),
            (#"{"users": [{"name": "a", "tags": [], "password": "p", "password_hash": "ly2w14B7bbLSK6fBqOkRl97n1ks="}]}"#, "users[0]",
             "both password and password_hash are provided"),
            (#"{"users": [{"name": "a", "tags": [], "password_hash": "ly2w", "hashing_algorithm": "rabbit_password_hashing_bcrypt"}]}"#,
             "users[0].hashing_algorithm", "unknown hashing algorithm 'rabbit_password_hashing_bcrypt'"),
            (#"{"users": [{"name": "a", "tags": [], "password_hash": "%%%"}]}"#, "users[0].password_hash", "'%%%' is not valid base64"),
            (#"{"vhosts": [{"name": "v"}], "permissions": [{"user": "nobody", "vhost": "v", "configure": "", "write": "", "read": ""}]}"#,
             "permissions[0].user", "user 'nobody' does not exist"),
            (#"{"permissions": [{"user": "guest", "vhost": "none", "configure": "", "write": "", "read": ""}]}"#,
             "permissions[0].vhost", "virtual host 'none' does not exist"),
            (#"{"permissions": [{"user": "guest", "vhost": "/", "configure": ".*", "write": "(", "read": ""}]}"#,
             "permissions[0].write", "regular expression '(' is invalid"),
            (#"{"topic_permissions": [{"user": "guest", "vhost": "/", "exchange": "t", "write": "", "read": "["}]}"#,
             "topic_permissions[0].read", "regular expression '[' is invalid"),
        ])
    func unimportable(json: String, path: String, reason: String) throws {
        let access = AccessControl(state: .firstBoot())
        let before = access.snapshot
        let definitions = try Definitions.decode(json: Array(json.utf8))
        #expect(throws: DefinitionsError(path: path, reason: reason)) { try access.importDefinitions(definitions) }
        #expect(access.snapshot == before)
    }

    @Test("errors read as path: reason")
    func errorDescription() {
        #expect(DefinitionsError(path: "users[0].tags", reason: "missing").description == "users[0].tags: missing")
        #expect(DefinitionsError(path: "", reason: "not JSON").description == "not JSON")
    }

    @Test("field values to JSON as amqp_table writes them")
    func fieldValuesToJSON() {
        let table: FieldTable = [
            "s": .string("x"), "i": .int32(-5), "u": .uint8(7), "l": .int64(1 << 40), "t": .timestamp(1_700_000_000),
            "d": .double(1.5), "b": .boolean(false), "v": .void, "a": .array([.int16(1), .bytes(Array("y".utf8))]),
            "f": .table(["n": .float(0.25)]), "dec": .decimal(scale: 2, value: 150),
        ]
        #expect(JSONValue.object(table) == .object([
            "s": .string("x"), "i": .integer(-5), "u": .integer(7), "l": .integer(1 << 40), "t": .integer(1_700_000_000),
            "d": .double(1.5), "b": .bool(false), "v": .null, "a": .array([.integer(1), .string("y")]),
            "f": .object(["n": .double(0.25)]), "dec": .double(2.150),
        ]))
        // A repeated name keeps its last value, as maps:from_list does.
        #expect(JSONValue.object(FieldTable([.init(name: "k", value: .int32(1)), .init(name: "k", value: .int32(2))])) == .object(["k": .integer(2)]))
    }
}
