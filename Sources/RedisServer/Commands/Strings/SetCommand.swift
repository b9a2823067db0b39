import NIOCore
import RESP

/// SET and its option grammar (NX/XX, GET, EX/PX/EXAT/PXAT/KEEPTTL), shared by SETNX,
/// SETEX and PSETEX: Redis's `setGenericCommand`.
extension StringCommands {
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
}
