import NIOCore
import RESP

/// APPEND, STRLEN, GETRANGE and SETRANGE.
extension StringCommands {
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
        // Compared without adding, so a huge offset cannot overflow.
        if offset > Int64(call.node.config.protoMaxBulkLength - patch.count) {
            throw RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
        }
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
