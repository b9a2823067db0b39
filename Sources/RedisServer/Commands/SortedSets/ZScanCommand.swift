import RESP

/// ZSCAN key cursor [MATCH pattern] [COUNT count]: a listpack is returned whole (cursor 0),
/// a skiplist is walked through its member table with the reverse-binary cursor.
enum ZScanCommand {
    static func run(_ call: inout Call) throws(RedisError) {
        let cursor = try ScanOptions.cursor(call, 2)
        guard let zset = try call.readSortedSet(call.bytes(1)) else {
            ScanOptions.reply(&call, cursor: 0, elements: [])
            return
        }
        // Options are parsed after the lookup, as in Redis: a missing key never fails.
        let options = try ScanOptions.parse(call, from: 3, allowType: false)
        var next: UInt64 = 0
        var found: [Bytes] = []
        if zset.isListpack {
            zset.ordered.forEach { e in
                found.append(e.member)
                found.append(SortedSetObject.listpackText(e.score))
            }
        } else {
            // COUNT counts members and scores alike.
            (next, found) = ScanOptions.collect(cursor: cursor, count: options.count * 2) { c, out in
                zset.scan(cursor: c) { member, score in
                    out.append(member)
                    out.append(Bytes(RedisDoubleFormat.g17(score)))
                }
            }
        }
        var elements: [Bytes] = []
        elements.reserveCapacity(found.count)
        var i = 0
        while i + 1 < found.count {
            if options.matches(found[i]) {
                elements.append(found[i])
                elements.append(found[i + 1])
            }
            i += 2
        }
        ScanOptions.reply(&call, cursor: next, elements: elements)
    }
}
