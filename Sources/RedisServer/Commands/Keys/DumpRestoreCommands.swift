import NIOCore

/// DUMP and RESTORE: a value serialized as an RDB value plus version and CRC64 footer
/// (`cluster.c` in Redis 7.0).
enum DumpRestoreCommands {
    static let all: [CommandSpec] = [
        CommandSpec("dump", arity: 2, flags: "readonly", keys: (1, 1, 1), group: .generic, handler: dump),
        CommandSpec(
            "restore", arity: -4, flags: "write denyoom", keys: (1, 1, 1), group: .generic,
            categories: ["@dangerous"], handler: restore),
    ]

    static func dump(_ call: inout Call) throws(RedisError) {
        guard let value = call.lookupRead(call.bytes(1)) else {
            call.reply.null()
            return
        }
        let config = call.node.config
        let payload = RDBEncoder.dumpPayload(
            value, options: RDBWriteOptions(limits: config.encoding, compression: config.rdbCompression))
        payload.withUnsafeBytes { call.reply.bulk($0) }
    }

    /// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
    static func restore(_ call: inout Call) throws(RedisError) {
        var replace = false
        var absoluteTTL = false
        var idleTime: Int64?
        var frequency: Int64?
        var j = 4
        while j < call.count {
            let more = call.count - j - 1
            if call.keyword(j, "REPLACE") {
                replace = true
            } else if call.keyword(j, "ABSTTL") {
                absoluteTTL = true
            } else if call.keyword(j, "IDLETIME") && more >= 1 && frequency == nil {
                let v = try call.int(j + 1)
                guard v >= 0 else { throw RedisError("ERR Invalid IDLETIME value, must be >= 0") }
                idleTime = v
                j += 1
            } else if call.keyword(j, "FREQ") && more >= 1 && idleTime == nil {
                let v = try call.int(j + 1)
                guard v >= 0 && v <= 255 else { throw RedisError("ERR Invalid FREQ value, must be >= 0 and <= 255") }
                frequency = v
                j += 1
            } else {
                throw .syntax
            }
            j += 1
        }
        // IDLETIME and FREQ are validated but not kept: this node tracks no LRU/LFU clocks.

        let key = call.bytes(1)
        if !replace && call.lookupWrite(key) != nil {
            throw RedisError("BUSYKEY Target key name already exists.")
        }
        var ttl = try call.int(2)
        guard ttl >= 0 else { throw RedisError("ERR Invalid TTL value, must be >= 0") }

        let limits = call.node.config.encoding
        let decoded = call.args[3].withUnsafeReadableBytes { raw in
            Result { () throws(RDBError) -> RedisValue in try RDBDecoder.restorePayload(raw, limits: limits) }
        }
        let value: RedisValue
        switch decoded {
        case .success(let v):
            value = v
        case .failure(let error) where error.kind == .versionOrChecksum:
            throw RedisError("ERR DUMP payload version or checksum are wrong")
        case .failure:
            throw RedisError("ERR Bad data format")
        }

        let deleted = replace && call.deleteKey(key)
        if ttl != 0 && !absoluteTTL { ttl = ttl &+ call.node.commandTime }
        if ttl != 0 && ttl <= call.node.commandTime {
            // Already expired: nothing is created; a replaced key is gone, so say DEL.
            if deleted {
                call.propagation = [["DEL", key]]
                call.dirty()
            }
            call.reply.ok()
            return
        }
        let entry = DBEntry(value: value, expireAt: ttl != 0 ? ttl : -1)
        call.db.add(key, entry)
        call.node.keyAdded(call.db, key, value)
        call.modified(key)
        if ttl != 0 && !absoluteTTL {
            // Replicas and the AOF get the absolute expiry.
            var args = (0..<call.count).map { call.bytes($0) }
            args[2] = Bytes(ttl)
            args.append("ABSTTL")
            call.propagation = [args]
        }
        call.dirty()
        call.reply.ok()
    }
}
