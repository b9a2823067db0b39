/// Which argument of a command is the key that picks its cluster node: a small table of common
/// commands, as Redis's command table records first-key positions. Commands not in it go to
/// the connection's own node (and follow a redirect if there is one).
enum RESPKeyPosition {
    /// The argument index of the first key, nil when unknown or keyless.
    static func firstKey(of arguments: [[UInt8]], name: String) -> Int? {
        if let fixed = firstKeyAt1[name] { return fixed && arguments.count > 1 ? 1 : nil }
        switch name {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            // numkeys at 2, keys from 3.
            guard arguments.count > 3, let numkeys = Int(String(decoding: arguments[2], as: UTF8.self)), numkeys > 0 else { return nil }
            return 3
        case "XREAD", "XREADGROUP":
            guard let streams = arguments.firstIndex(where: { String(decoding: $0, as: UTF8.self).uppercased() == "STREAMS" }),
                streams + 1 < arguments.count
            else { return nil }
            return streams + 1
        default:
            return nil
        }
    }

    /// Commands whose first argument is a key (true).
    private static let firstKeyAt1: [String: Bool] = {
        let names = """
            GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX APPEND STRLEN INCR DECR INCRBY DECRBY INCRBYFLOAT MGET MSET MSETNX \
            DEL UNLINK EXISTS TOUCH TYPE EXPIRE PEXPIRE EXPIREAT PEXPIREAT EXPIRETIME PEXPIRETIME PERSIST TTL PTTL DUMP RESTORE \
            RENAME RENAMENX COPY GETRANGE SETRANGE GETBIT SETBIT BITCOUNT BITPOS BITFIELD BITFIELD_RO \
            LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LREM LTRIM LINSERT LPOS LMOVE RPOPLPUSH BLPOP BRPOP \
            SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE SINTER SUNION SDIFF SINTERSTORE SUNIONSTORE SDIFFSTORE \
            HSET HSETNX HGET HMSET HMGET HDEL HEXISTS HLEN HKEYS HVALS HGETALL HINCRBY HINCRBYFLOAT HSTRLEN HRANDFIELD HSCAN SSCAN ZSCAN \
            ZADD ZREM ZSCORE ZMSCORE ZINCRBY ZCARD ZCOUNT ZRANGE ZRANGEBYSCORE ZREVRANGE ZREVRANGEBYSCORE ZRANK ZREVRANK ZPOPMIN ZPOPMAX \
            ZRANGESTORE ZREMRANGEBYRANK ZREMRANGEBYSCORE ZLEXCOUNT ZRANGEBYLEX ZREVRANGEBYLEX ZREMRANGEBYLEX ZRANDMEMBER \
            XADD XLEN XRANGE XREVRANGE XDEL XTRIM XACK XCLAIM XAUTOCLAIM XPENDING \
            PFADD PFCOUNT PFMERGE GEOADD GEOPOS GEODIST GEOHASH GEOSEARCH WATCH SORT SORT_RO
            """
        var table: [String: Bool] = [:]
        for name in names.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table[String(name)] = true }
        return table
    }()
}
