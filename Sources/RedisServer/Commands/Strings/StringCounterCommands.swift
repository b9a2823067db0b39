import NIOCore
import RESP

/// INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT.
extension StringCommands {
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
}
