/// HGET, HMGET, HKEYS / HVALS / HGETALL and HSCAN.
extension HashCommands {
    static func hget(_ call: inout Call) throws(RedisError) {
        call.reply.bulkOrNull(try call.readHash(call.bytes(1))?[call.bytes(2)])
    }

    /// A missing key is an empty hash here: one null per field.
    static func hmget(_ call: inout Call) throws(RedisError) {
        let hash = try call.readHash(call.bytes(1))
        call.reply.arrayHeader(call.count - 2)
        for i in 2..<call.count { call.reply.bulkOrNull(hash?[call.bytes(i)]) }
    }

    /// HGETALL answers a map (a flat array in RESP2); HKEYS and HVALS a plain array.
    static func getAll(_ call: inout Call, fields: Bool, values: Bool) throws(RedisError) {
        let both = fields && values
        guard let hash = try call.readHash(call.bytes(1)) else {
            if both { call.reply.mapHeader(0) } else { call.reply.arrayHeader(0) }
            return
        }
        if both { call.reply.mapHeader(hash.count) } else { call.reply.arrayHeader(hash.count) }
        hash.forEach { field, value in
            if fields { call.reply.bulk(field) }
            if values { call.reply.bulk(value) }
        }
    }

    /// The cursor is checked first, then the key (a missing one answers an empty scan
    /// before the options are even parsed), then the options — Redis's order.
    static func hscan(_ call: inout Call) throws(RedisError) {
        let start = try ScanOptions.cursor(call, 2)
        guard let hash = try call.readHash(call.bytes(1)) else {
            ScanOptions.reply(&call, cursor: 0, elements: [])
            return
        }
        let options = try ScanOptions.parse(call, from: 3, allowType: false)
        // COUNT is in elements, and each pair is two of them.
        let (cursor, flat) = ScanOptions.collect(cursor: start, count: options.count * 2) { c, out in
            hash.scan(cursor: c) { field, value in
                out.append(field)
                out.append(value)
            }
        }
        var elements: [Bytes] = []
        elements.reserveCapacity(flat.count)
        for i in stride(from: 0, to: flat.count, by: 2) where options.matches(flat[i]) {
            elements.append(flat[i])
            elements.append(flat[i + 1])
        }
        ScanOptions.reply(&call, cursor: cursor, elements: elements)
    }
}
