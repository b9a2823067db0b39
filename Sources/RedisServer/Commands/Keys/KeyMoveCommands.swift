import NIOCore
import RESP

/// RENAME, RENAMENX, MOVE and COPY: a value changes its key or its database.
extension KeyCommands {
    static func rename(_ call: inout Call, onlyIfNew: Bool) throws(RedisError) {
        let source = call.bytes(1)
        let destination = call.bytes(2)
        guard let entry = call.lookupEntry(source) else { throw .noSuchKey }
        if source == destination {
            if onlyIfNew { call.reply.integer(0) } else { call.reply.ok() }
            call.propagation = []
            return
        }
        if call.lookupWrite(destination) != nil {
            if onlyIfNew {
                call.reply.integer(0)
                return
            }
            call.db.remove(destination)
        }
        call.db.remove(source)
        call.db.add(destination, entry)
        call.node.keyAdded(call.db, destination, entry.value)
        call.modified(source)
        call.modified(destination)
        call.dirty()
        if onlyIfNew { call.reply.integer(1) } else { call.reply.ok() }
    }

    static func move(_ call: inout Call) throws(RedisError) {
        if call.node.cluster != nil { throw RedisError("ERR MOVE is not allowed in cluster mode") }
        let key = call.bytes(1)
        let target = try call.int(2, error: RedisError("ERR value is not an integer or out of range"))
        guard target >= 0 && target < call.node.databases.count else { throw .invalidDBIndex }
        let destination = call.node.databases[Int(target)]
        guard destination !== call.db else {
            throw RedisError("ERR source and destination objects are the same")
        }
        guard let entry = call.lookupEntry(key) else {
            call.reply.integer(0)
            return
        }
        if call.node.liveIndex(destination, key) != nil {
            call.reply.integer(0)
            return
        }
        call.db.remove(key)
        destination.add(key, entry)
        call.node.keyAdded(destination, key, entry.value)
        call.modified(key)
        call.node.watches.touch(db: destination.id, key: key, node: call.node)
        call.dirty()
        call.reply.integer(1)
    }

    static func copy(_ call: inout Call) throws(RedisError) {
        let source = call.bytes(1)
        let destinationKey = call.bytes(2)
        var target = call.db
        var replace = false
        var i = 3
        while i < call.count {
            if call.keyword(i, "REPLACE") {
                replace = true
                i += 1
            } else if call.keyword(i, "DB") && i + 1 < call.count {
                let n = try call.int(i + 1, error: RedisError("ERR value is not an integer or out of range"))
                guard n >= 0 && n < call.node.databases.count else { throw .invalidDBIndex }
                target = call.node.databases[Int(n)]
                if call.node.cluster != nil && target !== call.db {
                    throw RedisError("ERR Copying to another database is not allowed in cluster mode")
                }
                i += 2
            } else {
                throw .syntax
            }
        }
        if target === call.db && source == destinationKey {
            throw RedisError("ERR source and destination objects are the same")
        }
        guard let entry = readEntry(call, source) else {
            call.reply.integer(0)
            return
        }
        if call.node.liveIndex(target, destinationKey) != nil {
            guard replace else {
                call.reply.integer(0)
                return
            }
            target.remove(destinationKey)
        }
        var copy = entry
        copy.value = entry.value.deepCopy()
        target.add(destinationKey, copy)
        call.node.keyAdded(target, destinationKey, copy.value)
        call.node.watches.touch(db: target.id, key: destinationKey, node: call.node)
        call.dirty()
        call.reply.integer(1)
    }
}
