import NIOCore
import RESP

/// SET and friends, GET and friends, counters, APPEND, ranges.
enum StringCommands {
    static let all: [CommandSpec] = [
        CommandSpec("set", arity: -3, flags: "write denyoom", keys: (1, 1, 1), group: .string, handler: set),
        CommandSpec("setnx", arity: 3, flags: "write denyoom fast", keys: (1, 1, 1), group: .string, handler: setnx),
        CommandSpec("setex", arity: 4, flags: "write denyoom", keys: (1, 1, 1), group: .string) { call throws(RedisError) in
            try setGeneric(&call, key: 1, value: 3, expire: (2, .relativeSeconds), condition: nil, get: false, keepTTL: false)
        },
        CommandSpec("psetex", arity: 4, flags: "write denyoom", keys: (1, 1, 1), group: .string) { call throws(RedisError) in
            try setGeneric(&call, key: 1, value: 3, expire: (2, .relativeMilliseconds), condition: nil, get: false, keepTTL: false)
        },
        CommandSpec("get", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .string, handler: get),
        CommandSpec("getex", arity: -2, flags: "write fast", keys: (1, 1, 1), group: .string, handler: getex),
        CommandSpec("getdel", arity: 2, flags: "write fast", keys: (1, 1, 1), group: .string, handler: getdel),
        CommandSpec("getset", arity: 3, flags: "write denyoom fast", keys: (1, 1, 1), group: .string, handler: getset),
        CommandSpec("mget", arity: -2, flags: "readonly fast", keys: (1, -1, 1), group: .string, handler: mget),
        CommandSpec("mset", arity: -3, flags: "write denyoom", keys: (1, -1, 2), group: .string) { call throws(RedisError) in
            try mset(&call, onlyIfNoneExist: false)
        },
        CommandSpec("msetnx", arity: -3, flags: "write denyoom", keys: (1, -1, 2), group: .string) { call throws(RedisError) in
            try mset(&call, onlyIfNoneExist: true)
        },
        CommandSpec("incr", arity: 2, flags: "write denyoom fast", keys: (1, 1, 1), group: .string) { call throws(RedisError) in
            try incrBy(&call, 1)
        },
        CommandSpec("decr", arity: 2, flags: "write denyoom fast", keys: (1, 1, 1), group: .string) { call throws(RedisError) in
            try incrBy(&call, -1)
        },
        CommandSpec("incrby", arity: 3, flags: "write denyoom fast", keys: (1, 1, 1), group: .string) { call throws(RedisError) in
            try incrBy(&call, try call.int(2))
        },
        CommandSpec("decrby", arity: 3, flags: "write denyoom fast", keys: (1, 1, 1), group: .string) { call throws(RedisError) in
            let n = try call.int(2)
            guard n != Int64.min else { throw RedisError("ERR decrement would overflow") }
            try incrBy(&call, -n)
        },
        CommandSpec("incrbyfloat", arity: 3, flags: "write denyoom fast", keys: (1, 1, 1), group: .string, handler: incrByFloat),
        CommandSpec("append", arity: 3, flags: "write denyoom fast", keys: (1, 1, 1), group: .string, handler: append),
        CommandSpec("strlen", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .string, handler: strlen),
        CommandSpec("getrange", arity: 4, flags: "readonly", keys: (1, 1, 1), group: .string, handler: getrange),
        CommandSpec("substr", arity: 4, flags: "readonly", keys: (1, 1, 1), group: .string, handler: getrange),
        CommandSpec("setrange", arity: 4, flags: "write denyoom", keys: (1, 1, 1), group: .string, handler: setrange),
    ]

    static func get(_ call: inout Call) throws(RedisError) {
        call.reply.bulkOrNull(try call.readString(call.bytes(1)))
    }

    static func getex(_ call: inout Call) throws(RedisError) {
        var expire: (Int, ExpireUnit)?
        var persist = false
        var j = 2
        while j < call.count {
            let hasNext = j + 1 < call.count
            if call.keyword(j, "PERSIST") && expire == nil {
                persist = true
            } else if call.keyword(j, "EX") && !persist && expire == nil && hasNext {
                expire = (j + 1, .relativeSeconds)
                j += 1
            } else if call.keyword(j, "PX") && !persist && expire == nil && hasNext {
                expire = (j + 1, .relativeMilliseconds)
                j += 1
            } else if call.keyword(j, "EXAT") && !persist && expire == nil && hasNext {
                expire = (j + 1, .absoluteSeconds)
                j += 1
            } else if call.keyword(j, "PXAT") && !persist && expire == nil && hasNext {
                expire = (j + 1, .absoluteMilliseconds)
                j += 1
            } else {
                throw .syntax
            }
            j += 1
        }
        let key = call.bytes(1)
        guard let value = try call.readString(key) else {
            call.reply.null()
            return
        }
        let when = try expire.map { e throws(RedisError) in try expireAt(call, e.0, e.1) }
        call.reply.bulk(value)
        if let when, let e = expire, (e.1 == .absoluteSeconds || e.1 == .absoluteMilliseconds), when <= call.node.commandTime {
            call.deleteKey(key)
            call.propagation = [["DEL", key]]
            call.dirty()
        } else if let when {
            call.db.setExpire(key, at: when)
            call.modified(key)
            call.propagation = [["PEXPIREAT", key, Bytes(when)]]
            call.dirty()
        } else if persist, let e = call.db.expireAt(key), e >= 0 {
            call.db.setExpire(key, at: -1)
            call.modified(key)
            call.propagation = [["PERSIST", key]]
            call.dirty()
        }
    }

    static func getdel(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        let value = try call.readString(key)
        call.reply.bulkOrNull(value)
        if value != nil {
            call.deleteKey(key)
            call.propagation = [["DEL", key]]
            call.dirty()
        }
    }

    static func getset(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        let old = try call.readString(key)
        call.reply.bulkOrNull(old)
        call.setKey(key, .string(call.bytes(2)))
        call.dirty()
        call.propagation = [["SET", key, call.bytes(2)]]
    }

    static func mget(_ call: inout Call) throws(RedisError) {
        call.reply.arrayHeader(call.count - 1)
        for i in 1..<call.count {
            if case .string(let s)? = call.lookupRead(call.bytes(i)) {
                call.reply.bulk(s)
            } else {
                call.reply.null()
            }
        }
    }

    static func mset(_ call: inout Call, onlyIfNoneExist: Bool) throws(RedisError) {
        guard call.count % 2 == 1 else { throw .wrongArity(call.spec.fullName) }
        if onlyIfNoneExist {
            for i in stride(from: 1, to: call.count, by: 2) where call.lookupWrite(call.bytes(i)) != nil {
                call.reply.integer(0)
                return
            }
        }
        for i in stride(from: 1, to: call.count, by: 2) {
            call.setKey(call.bytes(i), .string(call.bytes(i + 1)))
        }
        call.dirty((call.count - 1) / 2)
        if onlyIfNoneExist { call.reply.integer(1) } else { call.reply.ok() }
    }
}
