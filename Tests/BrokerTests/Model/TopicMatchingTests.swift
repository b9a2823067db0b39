import AMQP
import Testing

@testable import Broker

@Suite("Topic exchange matching")
struct TopicMatchingTests {
    /// The bindings of RabbitMQ's own topic_matching test (unit_access_control_SUITE, 3.10).
    static let bindings: [(String, String, FieldTable)] = [
        ("a.b.c", "t1", [:]), ("a.*.c", "t2", [:]), ("a.#.b", "t3", [:]), ("a.b.b.c", "t4", [:]),
        ("#", "t5", [:]), ("#.#", "t6", [:]), ("#.b", "t7", [:]), ("*.*", "t8", [:]), ("a.*", "t9", [:]),
        ("*.b.c", "t10", [:]), ("a.#", "t11", [:]), ("a.#.#", "t12", [:]), ("b.b.c", "t13", [:]),
        ("a.b.b", "t14", [:]), ("a.b", "t15", [:]), ("b.c", "t16", [:]), ("", "t17", [:]), ("*.*.*", "t18", [:]),
        ("vodka.martini", "t19", [:]), ("a.b.c", "t20", [:]), ("*.#", "t21", [:]), ("#.*.#", "t22", [:]),
        ("*.#.#", "t23", [:]), ("#.#.#", "t24", [:]), ("*", "t25", [:]), ("#.b.#", "t26", [:]),
        ("args-test", "t27", ["foo": .string("bar")]), ("args-test", "t27", ["foo": .string("baz")]),
    ]

    func makeExchange() throws -> ModelFixture {
        let f = ModelFixture()
        try f.vhost.declareExchange(name: "topic_matching-exchange", type: "topic", durable: false, autoDelete: false, internal: false, arguments: [:])
        for (key, queue, args) in Self.bindings {
            try f.queue(queue)
            try f.vhost.bindQueue(queue, to: "topic_matching-exchange", routingKey: key, arguments: args, connection: f.connection)
        }
        return f
    }

    func routed(_ f: ModelFixture, _ key: String) throws -> [String] {
        let exchange = try #require(f.vhost.exchange(named: "topic_matching-exchange"))
        return f.vhost.route(f.message("", exchange: exchange.name, key: key), from: exchange).map(\.name).sorted()
    }

    @Test("RabbitMQ's topic_matching table, all bindings")
    func rabbitTable() throws {
        let f = try makeExchange()
        let expected: [(String, [String])] = [
            ("a.b.c", ["t1", "t2", "t5", "t6", "t10", "t11", "t12", "t18", "t20", "t21", "t22", "t23", "t24", "t26"]),
            ("a.b", ["t3", "t5", "t6", "t7", "t8", "t9", "t11", "t12", "t15", "t21", "t22", "t23", "t24", "t26"]),
            ("a.b.b", ["t3", "t5", "t6", "t7", "t11", "t12", "t14", "t18", "t21", "t22", "t23", "t24", "t26"]),
            ("", ["t5", "t6", "t17", "t24"]),
            ("b.c.c", ["t5", "t6", "t18", "t21", "t22", "t23", "t24", "t26"]),
            ("a.a.a.a.a", ["t5", "t6", "t11", "t12", "t21", "t22", "t23", "t24"]),
            ("vodka.gin", ["t5", "t6", "t8", "t21", "t22", "t23", "t24"]),
            ("vodka.martini", ["t5", "t6", "t8", "t19", "t21", "t22", "t23", "t24"]),
            ("b.b.c", ["t5", "t6", "t10", "t13", "t18", "t21", "t22", "t23", "t24", "t26"]),
            ("nothing.here.at.all", ["t5", "t6", "t21", "t22", "t23", "t24"]),
            ("oneword", ["t5", "t6", "t21", "t22", "t23", "t24", "t25"]),
            ("args-test", ["t5", "t6", "t21", "t22", "t23", "t24", "t25", "t27"]),
        ]
        for (key, queues) in expected {
            #expect(try routed(f, key) == queues.sorted(), "routing key '\(key)'")
        }
    }

    @Test("RabbitMQ's topic_matching table after removing bindings, then the exchange")
    func rabbitTableAfterRemoval() throws {
        let f = try makeExchange()
        for index in [0, 4, 10, 18, 20, 27] {
            let (key, queue, args) = Self.bindings[index]
            try f.vhost.unbindQueue(queue, from: "topic_matching-exchange", routingKey: key, arguments: args, connection: f.connection)
        }
        let expected: [(String, [String])] = [
            ("a.b.c", ["t2", "t6", "t10", "t12", "t18", "t20", "t22", "t23", "t24", "t26"]),
            ("a.b", ["t3", "t6", "t7", "t8", "t9", "t12", "t15", "t22", "t23", "t24", "t26"]),
            ("a.b.b", ["t3", "t6", "t7", "t12", "t14", "t18", "t22", "t23", "t24", "t26"]),
            ("", ["t6", "t17", "t24"]),
            ("b.c.c", ["t6", "t18", "t22", "t23", "t24", "t26"]),
            ("a.a.a.a.a", ["t6", "t12", "t22", "t23", "t24"]),
            ("vodka.gin", ["t6", "t8", "t22", "t23", "t24"]),
            ("vodka.martini", ["t6", "t8", "t22", "t23", "t24"]),
            ("b.b.c", ["t6", "t10", "t13", "t18", "t22", "t23", "t24", "t26"]),
            ("nothing.here.at.all", ["t6", "t22", "t23", "t24"]),
            ("oneword", ["t6", "t22", "t23", "t24", "t25"]),
            ("args-test", ["t6", "t22", "t23", "t24", "t25", "t27"]),
        ]
        for (key, queues) in expected {
            #expect(try routed(f, key) == queues.sorted(), "routing key '\(key)'")
        }
        try f.vhost.deleteExchange(name: "topic_matching-exchange", ifUnused: false)
        #expect(f.vhost.exchange(named: "topic_matching-exchange") == nil)
        #expect(f.vhost.bindings.isEmpty)
    }

    /// Pattern, routing key, match? — edge cases of words, empty words and `#`.
    static let cases: [(String, String, Bool)] = [
        ("a.#.b", "a.b", true), ("a.#.b", "a.x.y.b", true), ("a.#.b", "a.b.c", false),
        ("#.#", "", true), ("#.#", "a.b.c", true), ("#", "", true), ("*", "", false), ("*", "a", true),
        ("*", "a.b", false), ("a.*", "a.", true), ("a.*", "a", false), ("*.*", ".", true), ("", "", true),
        ("", "a", false), ("a..b", "a..b", true), ("a.*.b", "a..b", true), ("a.#", "a", true), ("#.a", "a", true),
        ("#.a.#", "x.a.y", true), ("a.#.#.b", "a.b", true), ("*.#.*", "a", false), ("*.#.*", "a.b", true),
        ("a.b", "a.b.", false), ("a.b.", "a.b.", true), ("#.", "a.", true), ("#.", "a", false), ("*", "*", true),
        ("a", "*", false), ("#", "#", true), ("a.b.c", "a.b.c", true), ("A.b", "a.b", false),
    ]

    @Test("Edge cases of words, empty words and hashes")
    func edgeCases() {
        for (pattern, key, shouldMatch) in Self.cases {
            let trie = TopicTrie()
            trie.add(key: pattern, destination: .queue("q"))
            var out: [BindingDestination] = []
            trie.match(key, into: &out)
            #expect(!out.isEmpty == shouldMatch, "pattern '\(pattern)' key '\(key)'")
        }
    }

    @Test("Removing a binding prunes the trie and leaves others")
    func removal() {
        let trie = TopicTrie()
        trie.add(key: "a.b.c", destination: .queue("x"))
        trie.add(key: "a.b", destination: .queue("y"))
        trie.remove(key: "a.b.c", destination: .queue("x"))
        var out: [BindingDestination] = []
        trie.match("a.b.c", into: &out)
        #expect(out.isEmpty)
        trie.match("a.b", into: &out)
        #expect(out == [.queue("y")])
        trie.remove(key: "a.b", destination: .queue("y"))
        #expect(trie.root.isEmpty)
    }

    @Test("CC header keys route too")
    func ccKeys() throws {
        let f = ModelFixture()
        try f.queue("q1")
        try f.queue("q2")
        try f.vhost.bindQueue("q1", to: "amq.topic", routingKey: "one.*", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("q2", to: "amq.topic", routingKey: "two.#", arguments: [:], connection: f.connection)
        let result = try f.publish("m", exchange: "amq.topic", key: "one.x", properties: BasicProperties(headers: ["CC": .array([.string("two.y")])]))
        #expect(result.queues == ["q1", "q2"])
    }
}
