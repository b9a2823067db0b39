import NIOCore
import RESP

/// PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET and the CLIENT container.
enum ConnectionCommands {
    static let all: [CommandSpec] = [
        CommandSpec("ping", arity: -1, flags: "fast", group: .connection, handler: ping),
        CommandSpec("echo", arity: 2, flags: "loading stale fast", group: .connection, handler: echo),
        CommandSpec("hello", arity: -1, flags: "noscript loading stale fast no_auth allow_busy", group: .connection, handler: hello),
        CommandSpec("auth", arity: -2, flags: "noscript loading stale fast no_auth allow_busy", group: .connection, handler: auth),
        CommandSpec("select", arity: 2, flags: "loading stale fast", group: .connection, handler: select),
        CommandSpec("quit", arity: -1, flags: "noscript loading stale fast no_auth allow_busy", group: .connection, handler: quit),
        CommandSpec("reset", arity: 1, flags: "noscript loading stale fast no_auth allow_busy", group: .connection, handler: reset),
        ClientCommands.container,
    ]

    static func ping(_ call: inout Call) throws(RedisError) {
        guard call.count <= 2 else { throw .wrongArity("ping") }
        if call.client.isSubscribed && call.client.protocolVersion == .v2 {
            // In RESP2 subscribed mode PING answers as a push: ["pong", message].
            call.reply.arrayHeader(2)
            call.reply.bulk("pong")
            if call.count == 2 { call.reply.bulk(call.args[1]) } else { call.reply.bulk("") }
            return
        }
        if call.count == 2 {
            call.reply.bulk(call.args[1])
        } else {
            call.reply.buffer.writeStaticString("+PONG\r\n")
        }
    }

    static func echo(_ call: inout Call) throws(RedisError) {
        call.reply.bulk(call.args[1])
    }

    static func hello(_ call: inout Call) throws(RedisError) {
        var version: Int64 = 0
        var next = 1
        if call.count >= 2 {
            version = try call.int(1, error: RedisError("ERR Protocol version is not an integer or out of range"))
            guard version == 2 || version == 3 else { throw RedisError("NOPROTO unsupported protocol version") }
            next = 2
        }
        var j = next
        while j < call.count {
            let more = call.count - 1 - j
            if call.keyword(j, "AUTH") && more >= 2 {
                guard authenticate(call, user: call.bytes(j + 1), password: call.bytes(j + 2)) else {
                    throw RedisError("WRONGPASS invalid username-password pair or user is disabled.")
                }
                j += 3
            } else if call.keyword(j, "SETNAME") && more >= 1 {
                try ClientCommands.setName(call.client, call.bytes(j + 1))
                j += 2
            } else {
                throw RedisError("ERR Syntax error in HELLO option '\(call.string(j))'")
            }
        }
        guard call.client.authenticated else {
            throw RedisError(
                "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
            )
        }
        if version != 0 { call.client.reply.version = version == 3 ? .v3 : .v2 }
        call.reply.mapHeader(7)
        call.reply.bulk("server")
        call.reply.bulk("redis")
        call.reply.bulk("version")
        call.reply.bulk(RedisNode.redisVersion)
        call.reply.bulk("proto")
        call.reply.integer(call.client.protocolVersion.rawValue)
        call.reply.bulk("id")
        call.reply.integer(call.client.id)
        call.reply.bulk("mode")
        call.reply.bulk("standalone")
        call.reply.bulk("role")
        call.reply.bulk("master")
        call.reply.bulk("modules")
        call.reply.arrayHeader(0)
    }

    /// The only user is `default`, whose password is `requirepass` (or none).
    static func authenticate(_ call: Call, user: Bytes, password: Bytes) -> Bool {
        guard user == "default" else { return false }
        if let required = call.node.config.requirePass, required != password { return false }
        call.client.setAuthenticated(true)
        return true
    }

    static func auth(_ call: inout Call) throws(RedisError) {
        guard call.count <= 3 else { throw .syntax }
        if call.count == 2 {
            guard call.node.config.requirePass != nil else {
                throw RedisError(
                    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
                )
            }
            guard authenticate(call, user: "default", password: call.bytes(1)) else {
                throw RedisError("WRONGPASS invalid username-password pair or user is disabled.")
            }
        } else {
            guard authenticate(call, user: call.bytes(1), password: call.bytes(2)) else {
                throw RedisError("WRONGPASS invalid username-password pair or user is disabled.")
            }
        }
        call.reply.ok()
    }

    static func select(_ call: inout Call) throws(RedisError) {
        let index = try call.int(1, error: RedisError("ERR value is not an integer or out of range"))
        if call.node.cluster != nil && index != 0 { throw RedisError("ERR SELECT is not allowed in cluster mode") }
        guard index >= 0 && index < call.node.databases.count else { throw .invalidDBIndex }
        call.client.select(Int(index))
        call.reply.ok()
    }

    static func quit(_ call: inout Call) throws(RedisError) {
        call.reply.ok()
        call.client.closeAfterReply = true
    }

    /// RESET: back to a fresh connection (db 0, RESP2, no name, no MULTI/WATCH/subscriptions),
    /// authenticated only if no password is required.
    static func reset(_ call: inout Call) throws(RedisError) {
        let client = call.client
        let node = call.node
        node.discardTransaction(client)
        node.watches.unwatchAll(client)
        node.pubsub.unsubscribeAll(client)
        client.select(0)
        client.reply.version = .v2
        client.name = nil
        client.setAuthenticated(node.config.requirePass == nil)
        call.reply.simpleString("RESET")
    }
}
