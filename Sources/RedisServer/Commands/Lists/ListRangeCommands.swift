import NIOCore

/// LINDEX, LSET, LRANGE, LTRIM, LREM, LINSERT, LPOS: lists by position and content.
extension ListCommands {
    static func lindex(_ call: inout Call) throws(RedisError) {
        let index = try call.int(2)
        guard let list = try call.readList(call.bytes(1)) else {
            call.reply.null()
            return
        }
        if let i = list.resolve(Int(index)) { call.reply.bulk(list.items[i]) } else { call.reply.null() }
    }

    static func lset(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else { throw .noSuchKey }
        let index = try call.int(2)
        guard let i = list.resolve(Int(index)) else { throw .indexOutOfRange }
        list.items[i] = call.bytes(3)
        call.modified(key)
        call.dirty()
        call.reply.ok()
    }

    /// Redis's range normalisation for LRANGE (and ZRANGE by rank).
    static func normalizedRange(_ start: Int64, _ end: Int64, count: Int) -> Range<Int>? {
        let n = Int64(count)
        var s = start < 0 ? n + start : start
        var e = end < 0 ? n + end : end
        if s < 0 { s = 0 }
        if s > e || s >= n { return nil }
        if e >= n { e = n - 1 }
        return Int(s)..<Int(e + 1)
    }

    static func lrange(_ call: inout Call) throws(RedisError) {
        let start = try call.int(2)
        let end = try call.int(3)
        guard let list = try call.readList(call.bytes(1)), let range = normalizedRange(start, end, count: list.count)
        else {
            call.reply.arrayHeader(0)
            return
        }
        call.reply.arrayHeader(range.count)
        for i in range { call.reply.bulk(list.items[i]) }
    }

    static func ltrim(_ call: inout Call) throws(RedisError) {
        var start = try call.int(2)
        var end = try call.int(3)
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else {
            call.reply.ok()
            return
        }
        let n = Int64(list.count)
        if start < 0 { start = n + start }
        if end < 0 { end = n + end }
        if start < 0 { start = 0 }
        var left: Int64
        var right: Int64
        if start > end || start >= n {
            left = n
            right = 0
        } else {
            if end >= n { end = n - 1 }
            left = start
            right = n - end - 1
        }
        list.items.removeFirst(Int(left))
        list.items.removeLast(Int(min(right, Int64(list.count))))
        call.deleteIfEmpty(key, count: list.count)
        call.modified(key)
        call.dirty(Int(left + right))
        call.reply.ok()
    }

    static func lrem(_ call: inout Call) throws(RedisError) {
        let toRemove = try call.int(2)
        let key = call.bytes(1)
        let target = call.bytes(3)
        guard let list = try call.readList(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        var removed = 0
        let limit = Int(toRemove.magnitude)
        if toRemove >= 0 {
            var i = 0
            while i < list.count {
                if list.items[i] == target {
                    list.items.remove(at: i)
                    removed += 1
                    if limit > 0 && removed == limit { break }
                } else {
                    i += 1
                }
            }
        } else {
            var i = list.count - 1
            while i >= 0 {
                if list.items[i] == target {
                    list.items.remove(at: i)
                    removed += 1
                    if removed == limit { break }
                }
                i -= 1
            }
        }
        if removed > 0 { call.modified(key) }
        call.deleteIfEmpty(key, count: list.count)
        call.dirty(removed)
        call.reply.integer(removed)
    }

    static func linsert(_ call: inout Call) throws(RedisError) {
        let after: Bool
        if call.keyword(2, "AFTER") {
            after = true
        } else if call.keyword(2, "BEFORE") {
            after = false
        } else {
            throw .syntax
        }
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        let pivot = call.bytes(3)
        guard let i = list.items.firstIndex(of: pivot) else {
            call.reply.integer(-1)
            return
        }
        list.items.insert(call.bytes(4), at: after ? i + 1 : i)
        call.modified(key)
        call.dirty()
        call.reply.integer(list.count)
    }

    static func lpos(_ call: inout Call) throws(RedisError) {
        var rank: Int64 = 1
        var count: Int64 = -1
        var maxLength: Int64 = 0
        var j = 3
        while j < call.count {
            let more = call.count - 1 - j
            if call.keyword(j, "RANK") && more > 0 {
                rank = try call.int(j + 1)
                if rank == 0 {
                    throw RedisError(
                        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
                    )
                }
            } else if call.keyword(j, "COUNT") && more > 0 {
                count = try call.int(j + 1)
                guard count >= 0 else { throw RedisError("ERR COUNT can't be negative") }
            } else if call.keyword(j, "MAXLEN") && more > 0 {
                maxLength = try call.int(j + 1)
                guard maxLength >= 0 else { throw RedisError("ERR MAXLEN can't be negative") }
            } else {
                throw .syntax
            }
            j += 2
        }
        let fromTail = rank < 0
        // C negates LONG_MIN to itself: that rank then matches from the first hit on and
        // its COUNT limit never triggers. Wrapping arithmetic reproduces both.
        if fromTail { rank = 0 &- rank }
        guard let list = try call.readList(call.bytes(1)) else {
            if count != -1 { call.reply.arrayHeader(0) } else { call.reply.null() }
            return
        }
        let element = call.bytes(2)
        var matches: Int64 = 0
        var found: [Int] = []
        var scanned: Int64 = 0
        let n = list.count
        for step in 0..<n {
            if maxLength != 0 && scanned >= maxLength { break }
            let index = fromTail ? n - 1 - step : step
            scanned += 1
            guard list.items[index] == element else { continue }
            matches += 1
            guard matches >= rank else { continue }
            found.append(index)
            if count == -1 { break }
            if count != 0 && matches &- rank &+ 1 >= count { break }
        }
        if count != -1 {
            call.reply.arrayHeader(found.count)
            for i in found { call.reply.integer(i) }
        } else if let first = found.first {
            call.reply.integer(first)
        } else {
            call.reply.null()
        }
    }
}
