import AMQP
import Testing

@testable import Broker

/// Each AMQP operation's checks, in RabbitMQ 3.10's order, with its refusal texts. The texts
/// were read from rabbit_channel / rabbit_access_control / rabbit_reader at v3.10.8 and the
/// ones pika can provoke were seen from Debian's rabbitmq-server 3.10.8 (vhost not found,
/// vhost refused, amq.default, reserved names, server-named queue, DLX order, system exchange
/// deletion, passive declare of the default exchange, topic refusals).
@Suite("The operation table")
struct OperationChecksTests {
    /// `u` on `/` with the given regexes; `other` exists in vhost `/other` without permissions.
    func access(configure: String, write: String, read: String) throws -> AccessControl {
        var state = AccessState.firstBoot()
        state.putUser(User(name: "u", password: "pw"))
        state.putVhost(VhostRecord(name: "/other"))
        try state.setPermission(UserPermission(user: "u", vhost: "/", configure: configure, write: write, read: read), matcher: PatternMatcher())
        return AccessControl(state: state)
    }

    func refused(_ kind: String, _ name: String, vhost: String = "/", user: String = "u") -> BrokerError {
        BrokerError(code: .accessRefused, text: "access to \(kind) '\(name)' in vhost '\(vhost)' refused for user '\(user)'")
    }

    @Test("connection.open: any permission entry grants the vhost, even three empty regexes")
    func vhostAccess() throws {
        let access = try access(configure: "", write: "", read: "")
        try access.checkConnectionOpen(user: "u", vhost: "/")
        #expect(throws: BrokerError(code: .notAllowed, text: "access to vhost '/other' refused for user 'u'")) {
            try access.checkConnectionOpen(user: "u", vhost: "/other")
        }
        #expect(throws: BrokerError(code: .notAllowed, text: "vhost /missing not found")) {
            try access.checkConnectionOpen(user: "u", vhost: "/missing")
        }
        #expect(throws: BrokerError(code: .notAllowed, text: "access to vhost '/' refused for user 'nobody'")) {
            try access.checkConnectionOpen(user: "nobody", vhost: "/")
        }
        // 530 closes the connection; and the empty regexes grant no resource.
        #expect(AccessRefusal.vhost("/", user: "u").code.closesConnection)
        #expect(throws: refused("queue", "q")) { try access.checkConsume(user: "u", vhost: "/", queue: "q") }
        // '' is ^$: it matches the empty name only.
        try access.checkConsume(user: "u", vhost: "/", queue: "")
    }

    @Test("the full reply text is the code's name, a dash, and the text; 403 closes only the channel")
    func replyText() {
        let error = refused("exchange", "amq.default", user: "bob")
        #expect(error.replyText == "ACCESS_REFUSED - access to exchange 'amq.default' in vhost '/' refused for user 'bob'")
        #expect(!error.code.closesConnection)
    }

    @Test("exchange.declare: configure on the exchange")
    func exchangeDeclare() throws {
        let access = try access(configure: "^mine", write: "", read: "")
        try access.checkExchangeDeclare(user: "u", vhost: "/", exchange: "mine.x", passive: false, exists: false)
        #expect(throws: refused("exchange", "theirs")) {
            try access.checkExchangeDeclare(user: "u", vhost: "/", exchange: "theirs", passive: false, exists: true)
        }
        #expect(throws: refused("exchange", "theirs", vhost: "/other")) {
            try access.checkExchangeDeclare(user: "u", vhost: "/other", exchange: "theirs", passive: false, exists: false)
        }
    }

    @Test("exchange.declare: the default exchange is refused first, passive or not")
    func exchangeDeclareDefault() throws {
        let access = try access(configure: ".*", write: ".*", read: ".*")
        for passive in [false, true] {
            #expect(throws: BrokerError(code: .accessRefused, text: "operation not permitted on the default exchange")) {
                try access.checkExchangeDeclare(user: "u", vhost: "/", exchange: "", passive: passive, exists: true)
            }
        }
    }

    @Test("exchange.declare passive: no permission needed (3.10)")
    func exchangeDeclarePassive() throws {
        let access = try access(configure: "", write: "", read: "")
        try access.checkExchangeDeclare(user: "u", vhost: "/", exchange: "x", passive: true, exists: true)
        try access.checkExchangeDeclare(user: "u", vhost: "/", exchange: "amq.direct", passive: true, exists: true)
    }

    @Test("exchange.declare of a new amq.* exchange: configure first, then the reserved prefix")
    func exchangeDeclareReserved() throws {
        let allowed = try access(configure: ".*", write: "", read: "")
        #expect(throws: BrokerError(code: .accessRefused, text: "exchange name 'amq.x' contains reserved prefix 'amq.*'")) {
            try allowed.checkExchangeDeclare(user: "u", vhost: "/", exchange: "amq.x", passive: false, exists: false)
        }
        // Redeclaring an existing amq.* exchange is fine with configure.
        try allowed.checkExchangeDeclare(user: "u", vhost: "/", exchange: "amq.direct", passive: false, exists: true)
        let denied = try access(configure: "^x$", write: "", read: "")
        #expect(throws: refused("exchange", "amq.x")) {
            try denied.checkExchangeDeclare(user: "u", vhost: "/", exchange: "amq.x", passive: false, exists: false)
        }
    }

    @Test("exchange.declare with alternate-exchange: read on the exchange, then write on the alternate, for new exchanges only")
    func exchangeDeclareAlternate() throws {
        let noRead = try access(configure: ".*", write: ".*", read: "^other$")
        #expect(throws: refused("exchange", "x")) {
            try noRead.checkExchangeDeclare(user: "u", vhost: "/", exchange: "x", passive: false, exists: false, alternateExchange: "ae")
        }
        let noWrite = try access(configure: ".*", write: "^x$", read: ".*")
        #expect(throws: refused("exchange", "ae")) {
            try noWrite.checkExchangeDeclare(user: "u", vhost: "/", exchange: "x", passive: false, exists: false, alternateExchange: "ae")
        }
        // The alternate's checks do not run for an exchange that exists.
        try noWrite.checkExchangeDeclare(user: "u", vhost: "/", exchange: "x", passive: false, exists: true, alternateExchange: "ae")
        let both = try access(configure: "^x$", write: "^ae$", read: "^x$")
        try both.checkExchangeDeclare(user: "u", vhost: "/", exchange: "x", passive: false, exists: false, alternateExchange: "ae")
    }

    @Test("exchange.delete: default refused, then any amq.* refused, then configure")
    func exchangeDelete() throws {
        let access = try access(configure: "^x$", write: "", read: "")
        try access.checkExchangeDelete(user: "u", vhost: "/", exchange: "x")
        #expect(throws: refused("exchange", "y")) { try access.checkExchangeDelete(user: "u", vhost: "/", exchange: "y") }
        #expect(throws: BrokerError(code: .accessRefused, text: "operation not permitted on the default exchange")) {
            try access.checkExchangeDelete(user: "u", vhost: "/", exchange: "")
        }
        #expect(throws: BrokerError(code: .accessRefused, text: "deletion of system exchange 'amq.direct' in vhost '/' not allowed")) {
            try access.checkExchangeDelete(user: "u", vhost: "/", exchange: "amq.direct")
        }
        #expect(throws: BrokerError(code: .accessRefused, text: "deletion of system exchange 'amq.nonexistent' in vhost '/x' not allowed")) {
            try access.checkExchangeDelete(user: "u", vhost: "/x", exchange: "amq.nonexistent")
        }
    }

    @Test("queue.declare: configure on the queue; passive needs nothing")
    func queueDeclare() throws {
        let access = try access(configure: "^q", write: "", read: "")
        try access.checkQueueDeclare(user: "u", vhost: "/", queue: "q1", passive: false, exists: false)
        #expect(throws: refused("queue", "other")) {
            try access.checkQueueDeclare(user: "u", vhost: "/", queue: "other", passive: false, exists: true)
        }
        try access.checkQueueDeclare(user: "u", vhost: "/", queue: "other", passive: true, exists: true)
        try access.checkQueueDeclare(user: "u", vhost: "/", queue: "amq.gen-x", passive: true, exists: true)
    }

    @Test("queue.declare: a client-chosen amq. name is refused before configure, existing or not; server-named queues are checked by their generated name")
    func queueDeclareNames() throws {
        let none = try access(configure: "", write: "", read: "")
        for exists in [false, true] {
            #expect(throws: BrokerError(code: .accessRefused, text: "queue name 'amq.q' contains reserved prefix 'amq.*'")) {
                try none.checkQueueDeclare(user: "u", vhost: "/", queue: "amq.q", passive: false, exists: exists)
            }
        }
        #expect(throws: refused("queue", "amq.gen-JzTY20BRgKO-HjmUJj0wLg")) {
            try none.checkQueueDeclare(user: "u", vhost: "/", queue: "amq.gen-JzTY20BRgKO-HjmUJj0wLg", passive: false, serverNamed: true, exists: false)
        }
        let gen = try access(configure: #"^amq\.gen-"#, write: "", read: "")
        try gen.checkQueueDeclare(user: "u", vhost: "/", queue: "amq.gen-JzTY20BRgKO-HjmUJj0wLg", passive: false, serverNamed: true, exists: false)
    }

    @Test("queue.declare with x-dead-letter-exchange: read on the queue, then write on the DLX, for new queues only")
    func queueDeclareDeadLetter() throws {
        let noRead = try access(configure: ".*", write: ".*", read: "^z$")
        #expect(throws: refused("queue", "q")) {
            try noRead.checkQueueDeclare(user: "u", vhost: "/", queue: "q", passive: false, exists: false, deadLetterExchange: "dlx")
        }
        let noWrite = try access(configure: ".*", write: "^q$", read: ".*")
        #expect(throws: refused("exchange", "dlx")) {
            try noWrite.checkQueueDeclare(user: "u", vhost: "/", queue: "q", passive: false, exists: false, deadLetterExchange: "dlx")
        }
        // The default exchange as DLX is checked as amq.default.
        #expect(throws: refused("exchange", "amq.default")) {
            try noWrite.checkQueueDeclare(user: "u", vhost: "/", queue: "q", passive: false, exists: false, deadLetterExchange: "")
        }
        try noWrite.checkQueueDeclare(user: "u", vhost: "/", queue: "q", passive: false, exists: true, deadLetterExchange: "dlx")
        try access(configure: "^q$", write: "^dlx$", read: "^q$")
            .checkQueueDeclare(user: "u", vhost: "/", queue: "q", passive: false, exists: false, deadLetterExchange: "dlx")
    }

    @Test("queue.delete: configure; queue.purge, basic.get, basic.consume: read")
    func queueOperations() throws {
        let configureOnly = try access(configure: "^q$", write: ".*", read: "")
        try configureOnly.checkQueueDelete(user: "u", vhost: "/", queue: "q")
        #expect(throws: refused("queue", "q")) { try configureOnly.checkQueuePurge(user: "u", vhost: "/", queue: "q") }
        #expect(throws: refused("queue", "q")) { try configureOnly.checkGet(user: "u", vhost: "/", queue: "q") }
        #expect(throws: refused("queue", "q")) { try configureOnly.checkConsume(user: "u", vhost: "/", queue: "q") }
        let readOnly = try access(configure: "", write: "", read: "^q$")
        #expect(throws: refused("queue", "q")) { try readOnly.checkQueueDelete(user: "u", vhost: "/", queue: "q") }
        try readOnly.checkQueuePurge(user: "u", vhost: "/", queue: "q")
        try readOnly.checkGet(user: "u", vhost: "/", queue: "q")
        try readOnly.checkConsume(user: "u", vhost: "/", queue: "q")
    }

    @Test("bind: write on the destination, then read on the source")
    func bind() throws {
        let access = try access(configure: "", write: "^q$", read: "^x$")
        try access.checkBind(user: "u", vhost: "/", source: "x", destination: "q", destinationKind: .queue, routingKey: "k", sourceIsTopic: false)
        #expect(throws: refused("queue", "q2")) {
            try access.checkBind(user: "u", vhost: "/", source: "x", destination: "q2", destinationKind: .queue, routingKey: "k", sourceIsTopic: false)
        }
        #expect(throws: refused("exchange", "y")) {
            try access.checkBind(user: "u", vhost: "/", source: "y", destination: "q", destinationKind: .queue, routingKey: "k", sourceIsTopic: false)
        }
        // exchange.bind: the destination is an exchange.
        #expect(throws: refused("exchange", "e")) {
            try access.checkBind(user: "u", vhost: "/", source: "x", destination: "e", destinationKind: .exchange, routingKey: "k", sourceIsTopic: false)
        }
        // Both failing: the destination's refusal comes first.
        #expect(throws: refused("queue", "q2")) {
            try access.checkBind(user: "u", vhost: "/", source: "y", destination: "q2", destinationKind: .queue, routingKey: "k", sourceIsTopic: false)
        }
    }

    @Test("bind involving the default exchange: write checked first (as amq.default), then the default-exchange refusal")
    func bindDefault() throws {
        let defaultError = BrokerError(code: .accessRefused, text: "operation not permitted on the default exchange")
        let all = try access(configure: ".*", write: ".*", read: ".*")
        #expect(throws: defaultError) {
            try all.checkBind(user: "u", vhost: "/", source: "", destination: "q", destinationKind: .queue, routingKey: "q", sourceIsTopic: false)
        }
        #expect(throws: defaultError) {
            try all.checkBind(user: "u", vhost: "/", source: "x", destination: "", destinationKind: .exchange, routingKey: "", sourceIsTopic: false)
        }
        let noWrite = try access(configure: ".*", write: "", read: ".*")
        #expect(throws: refused("exchange", "amq.default")) {
            try noWrite.checkBind(user: "u", vhost: "/", source: "x", destination: "", destinationKind: .exchange, routingKey: "", sourceIsTopic: false)
        }
    }

    @Test("basic.publish: write on the exchange; the default exchange is checked as amq.default")
    func publish() throws {
        let access = try access(configure: "", write: "^fanout$", read: "")
        try access.checkPublish(user: "u", vhost: "/", exchange: "fanout")
        #expect(throws: refused("exchange", "amq.default")) { try access.checkPublish(user: "u", vhost: "/", exchange: "") }
        #expect(throws: refused("exchange", "other")) { try access.checkPublish(user: "u", vhost: "/", exchange: "other") }
        let defaultAllowed = try self.access(configure: "", write: #"^amq\.default$"#, read: "")
        try defaultAllowed.checkPublish(user: "u", vhost: "/", exchange: "")
        #expect(AccessRefusal.internalExchange("ix", vhost: "/").replyText == "ACCESS_REFUSED - cannot publish to internal exchange 'ix' in vhost '/'")
    }

    @Test("user_id must be the user's own name unless the user is an impersonator")
    func userID() throws {
        let access = try access(configure: "", write: "", read: "")
        let u = User(name: "u", password: "pw")
        try access.checkUserID(nil, user: u)
        try access.checkUserID("u", user: u)
        #expect(throws: BrokerError(code: .preconditionFailed, text: "user_id property set to 'bob' but authenticated user was 'u'")) {
            try access.checkUserID("bob", user: u)
        }
        try access.checkUserID("bob", user: User(name: "u", password: "pw", tags: [.impersonator]))
    }

    @Test("permission changes apply to the next check")
    func changesApply() throws {
        let access = try access(configure: "", write: "", read: "")
        #expect(throws: refused("queue", "q")) { try access.checkGet(user: "u", vhost: "/", queue: "q") }
        try access.setPermission(UserPermission(user: "u", vhost: "/", configure: "", write: "", read: "q"))
        try access.checkGet(user: "u", vhost: "/", queue: "q")
        try access.clearPermission(user: "u", vhost: "/")
        #expect(throws: refused("queue", "q")) { try access.checkGet(user: "u", vhost: "/", queue: "q") }
        #expect(throws: BrokerError(code: .notAllowed, text: "access to vhost '/' refused for user 'u'")) {
            try access.checkConnectionOpen(user: "u", vhost: "/")
        }
    }
}
