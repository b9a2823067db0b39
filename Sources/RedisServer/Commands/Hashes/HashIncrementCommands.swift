/// HINCRBY and HINCRBYFLOAT.
extension HashCommands {
    static func hincrby(_ call: inout Call) throws(RedisError) {
        let increment = try call.int(3)
        let key = call.bytes(1)
        let field = call.bytes(2)
        let (hash, isNew) = try writableHash(call, key)
        var value: Int64 = 0
        if let current = hash[field] {
            guard let v = current.int64 else { throw RedisError("ERR hash value is not an integer") }
            value = v
        }
        let (sum, overflow) = value.addingReportingOverflow(increment)
        guard !overflow else { throw .overflow }
        hash.set(field, Bytes(sum), limits: call.node.config.encoding)
        if isNew { call.addKey(key, .hash(hash)) }
        call.reply.integer(sum)
        call.modified(key)
        call.dirty()
    }

    /// Computed in long double like INCRBYFLOAT, and propagated as an HSET of the printed
    /// result so replicas and the AOF can never round differently.
    static func hincrbyfloat(_ call: inout Call) throws(RedisError) {
        guard let increment = call.args[3].withUnsafeReadableBytes({ RedisNumber.parseLongDouble($0) }) else {
            throw .notFloat
        }
        guard increment.isFinite else { throw RedisError("ERR value is NaN or Infinity") }
        let key = call.bytes(1)
        let field = call.bytes(2)
        let (hash, isNew) = try writableHash(call, key)
        var value: LongDouble = 0
        if let current = hash[field] {
            guard let v = current.withUnsafeBytes({ RedisNumber.parseLongDouble($0) }) else {
                throw RedisError("ERR hash value is not a float")
            }
            value = v
        }
        value += increment
        guard value.isFinite, let text = RedisNumber.humanFriendly(value) else {
            throw RedisError("ERR increment would produce NaN or Infinity")
        }
        let result = Bytes(text)
        hash.set(field, result, limits: call.node.config.encoding)
        if isNew { call.addKey(key, .hash(hash)) }
        call.reply.bulk(result)
        call.modified(key)
        call.dirty()
        call.propagation = [["HSET", key, field, result]]
    }
}
