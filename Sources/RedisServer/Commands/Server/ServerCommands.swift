import Foundation

/// INFO, TIME, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, SHUTDOWN, CONFIG and DEBUG.
enum ServerCommands {
    static let all: [CommandSpec] = [
        CommandSpec("info", arity: -1, flags: "loading stale", group: .server, categories: ["@dangerous"]) {
            call throws(RedisError) in
            let sections = (1..<max(1, call.count)).map { call.string($0) }
            call.reply.verbatim(InfoReport(node: call.node).render(sections))
        },
        CommandSpec("time", arity: 1, flags: "loading stale fast", group: .server) { call throws(RedisError) in
            let us = call.node.clock() * 1000 + Clock.microseconds() % 1000
            call.reply.arrayHeader(2)
            call.reply.bulk(String(us / 1_000_000))
            call.reply.bulk(String(us % 1_000_000))
        },
        CommandSpec("dbsize", arity: 1, flags: "readonly fast", group: .server, categories: ["@keyspace"]) {
            call throws(RedisError) in
            call.reply.integer(call.db.count)
        },
        CommandSpec("flushdb", arity: -1, flags: "write", group: .server, categories: ["@keyspace", "@dangerous"]) {
            call throws(RedisError) in
            try flushMode(call)
            call.dirty(call.node.emptyDatabase(call.db))
            call.forcePropagation = true
            call.reply.ok()
        },
        CommandSpec("flushall", arity: -1, flags: "write", group: .server, categories: ["@keyspace", "@dangerous"]) {
            call throws(RedisError) in
            try flushMode(call)
            var removed = 0
            for db in call.node.databases { removed += call.node.emptyDatabase(db) }
            call.dirty(removed)
            // Redis 7.0 rewrites the RDB right away when save points are configured.
            call.node.persistence.killBackgroundSave()
            if !call.node.config.savePoints.isEmpty { _ = call.node.persistence.saveSynchronously() }
            call.forcePropagation = true
            call.reply.ok()
        },
        CommandSpec("swapdb", arity: 3, flags: "write fast", group: .server, categories: ["@keyspace", "@dangerous"]) {
            call throws(RedisError) in
            if call.node.cluster != nil { throw RedisError("ERR SWAPDB is not allowed in cluster mode") }
            let a = try call.int(1, error: RedisError("ERR invalid first DB index"))
            let b = try call.int(2, error: RedisError("ERR invalid second DB index"))
            let n = call.node.databases.count
            guard a >= 0, b >= 0, a < n, b < n else { throw RedisError("ERR DB index is out of range") }
            call.node.swapDatabases(Int(a), Int(b))
            call.dirty()
            call.reply.ok()
        },
        CommandSpec("shutdown", arity: -1, flags: "admin noscript loading stale no_multi allow_busy", group: .server, handler: shutdown),
        ConfigCommands.container,
        DebugCommand.spec,
    ]

    static func flushMode(_ call: Call) throws(RedisError) {
        if call.count == 2 && (call.keyword(1, "SYNC") || call.keyword(1, "ASYNC")) { return }
        if call.count != 1 { throw .syntax }
    }

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE]: saves as configured unless told otherwise.
    static func shutdown(_ call: inout Call) throws(RedisError) {
        var save: Bool?
        var force = false
        for i in 1..<max(1, call.count) {
            if call.keyword(i, "NOSAVE") && save == nil {
                save = false
            } else if call.keyword(i, "SAVE") && save == nil {
                save = true
            } else if call.keyword(i, "NOW") {
                continue
            } else if call.keyword(i, "FORCE") {
                force = true
            } else {
                throw .syntax
            }
        }
        guard call.node.shutdown(save: save, force: force) else {
            throw RedisError("ERR Errors trying to SHUTDOWN. Check logs.")
        }
        // Clients see the connection close, as with Redis.
        call.propagation = []
        call.client.closeAfterReply = true
        call.reply.buffer.clear()
    }
}
