import NIOCore

/// MULTI, EXEC, DISCARD, WATCH, UNWATCH.
enum TransactionCommands {
    static let all: [CommandSpec] = [
        CommandSpec("multi", arity: 1, flags: "noscript loading stale fast allow_busy", group: .transactions, handler: multi),
        CommandSpec("exec", arity: 1, flags: "noscript loading stale skip_slowlog", group: .transactions, handler: exec),
        CommandSpec("discard", arity: 1, flags: "noscript loading stale fast allow_busy", group: .transactions, handler: discard),
        CommandSpec("watch", arity: -2, flags: "noscript loading stale fast allow_busy", keys: (1, -1, 1), group: .transactions, handler: watch),
        CommandSpec("unwatch", arity: 1, flags: "noscript loading stale fast allow_busy", group: .transactions, handler: unwatch),
    ]

    static func multi(_ call: inout Call) throws(RedisError) {
        // Redis runs a nested MULTI (it is not queued) and refuses it here; the transaction
        // stays valid.
        guard !call.client.inMulti else { throw RedisError("ERR MULTI calls can not be nested") }
        call.client.multi = []
        call.client.multiHasError = false
        call.reply.ok()
    }

    static func discard(_ call: inout Call) throws(RedisError) {
        guard call.client.inMulti else { throw RedisError("ERR DISCARD without MULTI") }
        call.node.discardTransaction(call.client)
        call.reply.ok()
    }

    static func watch(_ call: inout Call) throws(RedisError) {
        guard !call.client.inMulti else { throw RedisError("ERR WATCH inside MULTI is not allowed") }
        for i in 1..<call.count {
            let key = call.bytes(i)
            let expired = call.db.entry(key).map { $0.expireAt >= 0 && $0.expireAt <= call.node.commandTime } ?? false
            call.node.watches.watch(call.client, db: call.db.id, key: key, expired: expired)
        }
        call.reply.ok()
    }

    static func unwatch(_ call: inout Call) throws(RedisError) {
        call.node.watches.unwatchAll(call.client)
        call.client.dirtyCAS = false
        call.reply.ok()
    }

    static func exec(_ call: inout Call) throws(RedisError) {
        let client = call.client
        let node = call.node
        guard let queued = client.multi else { throw RedisError("ERR EXEC without MULTI") }
        if node.watchedKeyExpired(client) { client.dirtyCAS = true }
        if client.multiHasError {
            node.discardTransaction(client)
            throw RedisError("EXECABORT Transaction discarded because of previous errors.")
        }
        if client.dirtyCAS {
            node.discardTransaction(client)
            call.reply.nullArray()
            return
        }
        node.discardTransaction(client)
        call.reply.arrayHeader(queued.count)
        node.inExec = true
        node.beginPropagationBatch()
        defer {
            node.inExec = false
            node.endPropagationBatch()
        }
        for args in queued {
            guard var spec = node.commands.lookup(args[0]) else { continue }
            if !spec.subcommands.isEmpty, args.count >= 2, let sub = node.commands.subcommand(of: spec, args[1]) {
                spec = sub
            }
            node.call(client, spec, args)
        }
        // The EXEC itself propagates nothing: the commands inside did.
        call.propagation = []
    }
}

extension RedisNode {
    func discardTransaction(_ client: Client) {
        client.multi = nil
        client.multiHasError = false
        client.dirtyCAS = false
        watches.unwatchAll(client)
    }

    /// A key watched while alive has expired since: EXEC must fail (Redis 7.0).
    func watchedKeyExpired(_ client: Client) -> Bool {
        for w in client.watched where !w.expiredAtWatch {
            if let e = databases[w.db].entry(w.key), e.expireAt >= 0, e.expireAt <= cachedTime { return true }
        }
        return false
    }
}
