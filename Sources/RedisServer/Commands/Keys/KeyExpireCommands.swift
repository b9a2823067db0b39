import NIOCore
import RESP

/// The EXPIRE family (with NX/XX/GT/LT), TTL and friends, PERSIST.
extension KeyCommands {
    static func expire(_ call: inout Call, base: Int64, seconds: Bool) throws(RedisError) {
        var nx = false, xx = false, gt = false, lt = false
        for i in 3..<max(3, call.count) {
            if call.keyword(i, "NX") { nx = true }
            else if call.keyword(i, "XX") { xx = true }
            else if call.keyword(i, "GT") { gt = true }
            else if call.keyword(i, "LT") { lt = true }
            else { throw RedisError("ERR Unsupported option \(call.string(i))") }
        }
        if nx && (xx || gt || lt) {
            throw RedisError("ERR NX and XX, GT or LT options at the same time are not compatible")
        }
        if gt && lt { throw RedisError("ERR GT and LT options at the same time are not compatible") }
        var when = try call.int(2)
        if seconds {
            guard when <= Int64.max / 1000 && when >= Int64.min / 1000 else {
                throw .invalidExpireTime(call.spec.fullName)
            }
            when *= 1000
        }
        guard when <= Int64.max - base else { throw .invalidExpireTime(call.spec.fullName) }
        when += base
        let key = call.bytes(1)
        guard let entry = call.lookupEntry(key) else {
            call.reply.integer(0)
            return
        }
        let current = entry.expireAt
        if (nx && current != -1) || (xx && current == -1) || (gt && (when <= current || current == -1))
            || (lt && current != -1 && when >= current)
        {
            call.reply.integer(0)
            return
        }
        if when <= call.node.commandTime {
            call.deleteKey(key)
            call.dirty()
            call.propagation = [["DEL", key]]
        } else {
            call.db.setExpire(key, at: when)
            call.modified(key)
            call.dirty()
            // Redis rewrites only the name (unless already PEXPIREAT) and the time: the
            // NX/XX/GT/LT flags travel as given.
            let name: Bytes = call.spec.name == "pexpireat" ? call.bytes(0) : "PEXPIREAT"
            call.propagation = [[name, key, Bytes(when)] + (3..<call.count).map { call.bytes($0) }]
        }
        call.reply.integer(1)
    }

    static func ttl(_ call: inout Call, milliseconds: Bool, absolute: Bool) {
        guard let entry = readEntry(call, call.bytes(1)) else {
            call.reply.integer(-2)
            return
        }
        guard entry.expireAt >= 0 else {
            call.reply.integer(-1)
            return
        }
        let t = absolute ? entry.expireAt : max(0, entry.expireAt - call.node.commandTime)
        call.reply.integer(milliseconds ? t : (t + 500) / 1000)
    }

    static func persist(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let entry = call.lookupEntry(key), entry.expireAt >= 0 else {
            call.reply.integer(0)
            return
        }
        call.db.setExpire(key, at: -1)
        call.modified(key)
        call.dirty()
        call.reply.integer(1)
    }
}
