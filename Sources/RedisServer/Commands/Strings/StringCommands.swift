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

    enum ExpireUnit { case relativeSeconds, relativeMilliseconds, absoluteSeconds, absoluteMilliseconds }
    enum Condition { case nx, xx }

    /// `getExpireMillisecondsOrReply`: a positive number, converted to an absolute unix ms.
    static func expireAt(_ call: Call, _ index: Int, _ unit: ExpireUnit) throws(RedisError) -> Int64 {
        var ms = try call.int(index)
        let seconds = unit == .relativeSeconds || unit == .absoluteSeconds
        guard ms > 0, !(seconds && ms > Int64.max / 1000) else { throw .invalidExpireTime(call.spec.fullName) }
        if seconds { ms *= 1000 }
        if unit == .relativeSeconds || unit == .relativeMilliseconds {
            let (sum, overflow) = ms.addingReportingOverflow(call.node.commandTime)
            guard !overflow else { throw .invalidExpireTime(call.spec.fullName) }
            ms = sum
        }
        guard ms > 0 else { throw .invalidExpireTime(call.spec.fullName) }
        return ms
    }

    static func set(_ call: inout Call) throws(RedisError) {
        var condition: Condition?
        var get = false
        var keepTTL = false
        var expire: (Int, ExpireUnit)?
        var j = 3
        while j < call.count {
            let hasNext = j + 1 < call.count
            if call.keyword(j, "NX") && condition != .xx {
                condition = .nx
            } else if call.keyword(j, "XX") && condition != .nx {
                condition = .xx
            } else if call.keyword(j, "GET") {
                get = true
            } else if call.keyword(j, "KEEPTTL") && expire == nil {
                keepTTL = true
            } else if call.keyword(j, "EX") && !keepTTL && expire == nil && hasNext {
                expire = (j + 1, .relativeSeconds)
                j += 1
            } else if call.keyword(j, "PX") && !keepTTL && expire == nil && hasNext {
                expire = (j + 1, .relativeMilliseconds)
                j += 1
            } else if call.keyword(j, "EXAT") && !keepTTL && expire == nil && hasNext {
                expire = (j + 1, .absoluteSeconds)
                j += 1
            } else if call.keyword(j, "PXAT") && !keepTTL && expire == nil && hasNext {
                expire = (j + 1, .absoluteMilliseconds)
                j += 1
            } else {
                throw .syntax
            }
            j += 1
        }
        try setGeneric(&call, key: 1, value: 2, expire: expire, condition: condition, get: get, keepTTL: keepTTL)
    }

    /// `setGenericCommand`.
    static func setGeneric(
        _ call: inout Call, key keyIndex: Int, value valueIndex: Int, expire: (Int, ExpireUnit)?,
        condition: Condition?, get: Bool, keepTTL: Bool, okReply: Bool = true
    ) throws(RedisError) {
        let when = try expire.map { e throws(RedisError) in try expireAt(call, e.0, e.1) }
        let key = call.bytes(keyIndex)
        if get {
            let old = try call.readString(key)
            call.reply.bulkOrNull(old)
        }
        let found = condition != nil && call.lookupWrite(key) != nil
        if (condition == .nx && found) || (condition == .xx && !found) {
            if !get {
                if okReply { call.reply.null() } else { call.reply.integer(0) }
            }
            call.propagation = []
            return
        }
        call.setKey(key, .string(call.bytes(valueIndex)), keepTTL: keepTTL)
        call.dirty()
        if let when {
            call.db.setExpire(key, at: when)
            // Replicas and the AOF get an absolute time: SET key value PXAT ms.
            call.propagation = [["SET", key, call.bytes(valueIndex), "PXAT", Bytes(when)]]
        } else if get {
            call.propagation = [
                (0..<call.count).filter { $0 < 3 || !call.keyword($0, "GET") }.map { call.bytes($0) }
            ]
        }
        if !get {
            if okReply { call.reply.ok() } else { call.reply.integer(1) }
        }
    }

    static func setnx(_ call: inout Call) throws(RedisError) {
        try setGeneric(&call, key: 1, value: 2, expire: nil, condition: .nx, get: false, keepTTL: false, okReply: false)
    }

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

    static func incrBy(_ call: inout Call, _ increment: Int64) throws(RedisError) {
        let key = call.bytes(1)
        var value: Int64 = 0
        if let entry = call.lookupWrite(key) {
            guard case .string(let s) = entry else { throw .wrongType }
            guard let v = s.int64 else { throw .notInteger }
            value = v
        }
        let (sum, overflow) = value.addingReportingOverflow(increment)
        guard !overflow else { throw .overflow }
        call.setKey(key, .string(Bytes(sum)), keepTTL: true)
        call.dirty()
        call.reply.integer(sum)
    }

    static func incrByFloat(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        var value: LongDouble = 0
        if let entry = call.lookupWrite(key) {
            guard case .string(let s) = entry else { throw .wrongType }
            guard let v = s.withUnsafeBytes({ RedisNumber.parseLongDouble($0) }) else { throw .notFloat }
            value = v
        }
        guard let increment = call.args[2].withUnsafeReadableBytes({ RedisNumber.parseLongDouble($0) }) else {
            throw .notFloat
        }
        value += increment
        guard value.isFinite, let text = RedisNumber.humanFriendly(value) else {
            throw RedisError("ERR increment would produce NaN or Infinity")
        }
        let result = Bytes(text)
        call.setKey(key, .string(result), keepTTL: true)
        call.db.markPlainString(key)
        call.dirty()
        call.reply.bulk(result)
        // Replicated as SET with the final value, so float formatting can never diverge.
        call.propagation = [["SET", key, result, "KEEPTTL"]]
    }

    static func checkLength(_ call: Call, _ total: Int) throws(RedisError) {
        if total > call.node.config.protoMaxBulkLength {
            throw RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
        }
    }

    static func append(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        let suffix = call.bytes(2)
        guard let entry = call.lookupWrite(key) else {
            call.setKey(key, .string(suffix))
            call.dirty()
            call.reply.integer(suffix.count)
            return
        }
        guard case .string(let s) = entry else { throw .wrongType }
        try checkLength(call, s.count + suffix.count)
        let joined = s + suffix
        call.setKey(key, .string(joined), keepTTL: true, raw: true)
        call.dirty()
        call.reply.integer(joined.count)
    }

    static func strlen(_ call: inout Call) throws(RedisError) {
        call.reply.integer(try call.readString(call.bytes(1))?.count ?? 0)
    }

    static func getrange(_ call: inout Call) throws(RedisError) {
        var start = try call.int(2)
        var end = try call.int(3)
        guard let s = try call.readString(call.bytes(1)) else {
            call.reply.bulk("")
            return
        }
        let length = Int64(s.count)
        if start < 0 && end < 0 && start > end {
            call.reply.bulk("")
            return
        }
        if start < 0 { start = length + start }
        if end < 0 { end = length + end }
        if start < 0 { start = 0 }
        if end < 0 { end = 0 }
        if end >= length { end = length - 1 }
        if start > end || length == 0 {
            call.reply.bulk("")
        } else {
            call.reply.bulk(s[Int(start)..<Int(end + 1)])
        }
    }

    static func setrange(_ call: inout Call) throws(RedisError) {
        let offset = try call.int(2)
        guard offset >= 0 else { throw RedisError("ERR offset is out of range") }
        let key = call.bytes(1)
        let patch = call.bytes(3)
        var current: Bytes?
        if let entry = call.lookupWrite(key) {
            guard case .string(let s) = entry else { throw .wrongType }
            current = s
        }
        if patch.isEmpty {
            call.reply.integer(current?.count ?? 0)
            return
        }
        try checkLength(call, Int(offset) + patch.count)
        var bytes = current?.array ?? []
        let end = Int(offset) + patch.count
        if bytes.count < end { bytes.append(contentsOf: repeatElement(0, count: end - bytes.count)) }
        patch.withUnsafeBytes { p in
            for (i, b) in p.enumerated() { bytes[Int(offset) + i] = b }
        }
        call.setKey(key, .string(Bytes(bytes)), keepTTL: true, raw: true)
        call.dirty()
        call.reply.integer(bytes.count)
    }
}
