/// SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE.
enum PersistenceCommands {
    static let all: [CommandSpec] = [
        CommandSpec("save", arity: 1, flags: "admin noscript no_async_loading no_multi", group: .server) {
            call throws(RedisError) in
            let persistence = call.node.persistence
            guard persistence.saveChild == nil else { throw RedisError("ERR Background save already in progress") }
            guard persistence.saveSynchronously() else { throw RedisError("ERR") }
            call.reply.ok()
        },
        CommandSpec("bgsave", arity: -1, flags: "admin noscript no_async_loading", group: .server, handler: bgsave),
        CommandSpec("bgrewriteaof", arity: 1, flags: "admin noscript no_async_loading", group: .server) {
            call throws(RedisError) in
            // Asked for by hand: the failure backoff does not apply.
            call.node.persistence.rewriteFailures = 0
            switch call.node.persistence.backgroundRewrite() {
            case .started: call.reply.simpleString("Background append only file rewriting started")
            case .alreadyInProgress:
                throw RedisError("ERR Background append only file rewriting already in progress")
            case .scheduledBehindRewrite: call.reply.simpleString("Background append only file rewriting scheduled")
            case .failed:
                throw RedisError(
                    "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.")
            }
        },
        CommandSpec("lastsave", arity: 1, flags: "loading stale fast", group: .server, categories: ["@dangerous"]) {
            call throws(RedisError) in
            call.reply.integer(call.node.persistence.lastSaveTime)
        },
    ]

    static func bgsave(_ call: inout Call) throws(RedisError) {
        var schedule = false
        if call.count == 2 {
            guard call.keyword(1, "SCHEDULE") else { throw .syntax }
            schedule = true
        } else if call.count > 2 {
            throw .syntax
        }
        let persistence = call.node.persistence
        switch persistence.backgroundSave() {
        case .started:
            call.reply.simpleString("Background saving started")
        case .alreadyInProgress:
            throw RedisError("ERR Background save already in progress")
        case .scheduledBehindRewrite:
            guard schedule else {
                throw RedisError(
                    "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."
                )
            }
            persistence.saveScheduled = true
            call.reply.simpleString("Background saving scheduled")
        case .failed:
            throw RedisError("ERR")
        }
    }
}
