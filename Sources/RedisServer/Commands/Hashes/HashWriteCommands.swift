/// HSET, HMSET, HSETNX and HDEL.
extension HashCommands {
    static func hset(_ call: inout Call, replyOK: Bool) throws(RedisError) {
        guard call.count % 2 == 0 else { throw .wrongArity(call.spec.fullName) }
        let key = call.bytes(1)
        let (hash, isNew) = try writableHash(call, key)
        let limits = call.node.config.encoding
        var created = 0
        for i in stride(from: 2, to: call.count, by: 2) {
            if hash.set(call.bytes(i), call.bytes(i + 1), limits: limits) { created += 1 }
        }
        if isNew { call.addKey(key, .hash(hash)) }
        if replyOK { call.reply.ok() } else { call.reply.integer(created) }
        call.modified(key)
        call.dirty((call.count - 2) / 2)
    }

    static func hsetnx(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        let field = call.bytes(2)
        let (hash, isNew) = try writableHash(call, key)
        guard hash[field] == nil else {
            call.reply.integer(0)
            return
        }
        hash.set(field, call.bytes(3), limits: call.node.config.encoding)
        if isNew { call.addKey(key, .hash(hash)) }
        call.reply.integer(1)
        call.modified(key)
        call.dirty()
    }

    static func hdel(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let hash = try call.readHash(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        var deleted = 0
        for i in 2..<call.count where hash.remove(call.bytes(i)) {
            deleted += 1
            if hash.count == 0 { break }
        }
        if deleted > 0 {
            call.deleteIfEmpty(key, count: hash.count)
            call.modified(key)
            call.dirty(deleted)
        }
        call.reply.integer(deleted)
    }
}
