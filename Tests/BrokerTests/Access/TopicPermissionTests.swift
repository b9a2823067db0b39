import Testing

@testable import Broker

@Suite("Topic permissions")
struct TopicPermissionTests {
    func access(write: String, read: String, exchange: String = "amq.topic", vhost: String = "/") throws -> AccessControl {
        let access = AccessControl(state: .firstBoot())
        access.putUser(User(name: "u", password: "pw"))
        access.putVhost(VhostRecord(name: "prod"))
        try access.setPermission(UserPermission(user: "u", vhost: vhost, configure: ".*", write: ".*", read: ".*"))
        try access.setTopicPermission(TopicPermission(user: "u", vhost: vhost, exchange: exchange, write: write, read: read))
        return access
    }

    func refused(_ key: String, exchange: String = "amq.topic", vhost: String = "/") -> BrokerError {
        BrokerError(code: .accessRefused, text: "access to topic '\(key)' in exchange '\(exchange)' in vhost '\(vhost)' refused for user 'u'")
    }

    @Test("publish: write regex on the routing key, unanchored")
    func publish() throws {
        let access = try access(write: "^eu\\.", read: ".*")
        try access.checkPublishTopic(user: "u", vhost: "/", exchange: "amq.topic", routingKey: "eu.orders")
        #expect(throws: refused("us.orders")) {
            try access.checkPublishTopic(user: "u", vhost: "/", exchange: "amq.topic", routingKey: "us.orders")
        }
        #expect(refused("us.orders").replyText
            == "ACCESS_REFUSED - access to topic 'us.orders' in exchange 'amq.topic' in vhost '/' refused for user 'u'")
    }

    @Test("bind to a topic exchange: read regex on the binding key, after the resource checks")
    func bind() throws {
        let access = try access(write: ".*", read: "^stock\\.")
        try access.checkBind(user: "u", vhost: "/", source: "amq.topic", destination: "q", destinationKind: .queue, routingKey: "stock.#", sourceIsTopic: true)
        #expect(throws: refused("fx.#")) {
            try access.checkBind(user: "u", vhost: "/", source: "amq.topic", destination: "q", destinationKind: .queue, routingKey: "fx.#", sourceIsTopic: true)
        }
        // Not a topic exchange (or absent): no topic check.
        try access.checkBind(user: "u", vhost: "/", source: "amq.topic", destination: "q", destinationKind: .queue, routingKey: "fx.#", sourceIsTopic: false)
    }

    @Test("no topic permission for the user, vhost and exchange: everything allowed")
    func absentAllows() throws {
        let access = try access(write: "^$", read: "^$")
        try access.checkPublishTopic(user: "u", vhost: "/", exchange: "other.topic", routingKey: "anything")
        try access.checkPublishTopic(user: "guest", vhost: "/", exchange: "amq.topic", routingKey: "anything")
        #expect(throws: refused("anything")) {
            try access.checkPublishTopic(user: "u", vhost: "/", exchange: "amq.topic", routingKey: "anything")
        }
    }

    @Test("the empty pattern means ^$: only the empty routing key")
    func emptyPattern() throws {
        let access = try access(write: "", read: "")
        try access.checkPublishTopic(user: "u", vhost: "/", exchange: "amq.topic", routingKey: "")
        #expect(throws: refused("a")) { try access.checkPublishTopic(user: "u", vhost: "/", exchange: "amq.topic", routingKey: "a") }
    }

    @Test("{username} and {vhost} expand to the connection's user and vhost")
    func variables() throws {
        let access = try access(write: "^{username}\\.{vhost}\\.", read: "^{vhost}$", vhost: "prod")
        try access.checkPublishTopic(user: "u", vhost: "prod", exchange: "amq.topic", routingKey: "u.prod.x")
        #expect(throws: refused("v.prod.x", vhost: "prod")) {
            try access.checkPublishTopic(user: "u", vhost: "prod", exchange: "amq.topic", routingKey: "v.prod.x")
        }
        try access.checkBind(user: "u", vhost: "prod", source: "amq.topic", destination: "q", destinationKind: .queue, routingKey: "prod", sourceIsTopic: true)
    }

    @Test("3.10 does not escape the values: a vhost name's regex characters act as regex")
    func noEscaping() {
        #expect(TopicPermission.expand("^{vhost}$", user: "u", vhost: "a.b") == "^a.b$")
        let matcher = PatternMatcher()
        #expect(matcher.matches(pattern: TopicPermission.expand("^{vhost}$", user: "u", vhost: "a.b"), subject: "axb"))
        // {username} is replaced first, so a user name holding "{vhost}" gets that expanded too.
        #expect(TopicPermission.expand("{username}", user: "x{vhost}", vhost: "v") == "xv")
        #expect(TopicPermission.expand("{vhost}{vhost}", user: "u", vhost: "v") == "vv")
    }
}
