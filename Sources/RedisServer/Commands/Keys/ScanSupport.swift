import NIOCore

/// What SCAN, HSCAN, SSCAN and ZSCAN share: cursor parsing, the MATCH/COUNT/TYPE options,
/// and the reply shape `[cursor, [elements]]`.
struct ScanOptions {
    var pattern: Bytes?
    var count = 10
    var type: String?

    /// Parses options from `args[start...]`; TYPE only when `allowType` (SCAN itself).
    static func parse(_ call: Call, from start: Int, allowType: Bool) throws(RedisError) -> ScanOptions {
        var options = ScanOptions()
        var i = start
        while i < call.count {
            let more = call.count - i - 1
            if call.keyword(i, "COUNT") && more >= 1 {
                let n = try call.int(i + 1)
                guard n >= 1 else { throw .syntax }
                options.count = Int(min(n, Int64(Int32.max)))
            } else if call.keyword(i, "MATCH") && more >= 1 {
                let p = call.bytes(i + 1)
                // "*" matches everything: no need to test each element.
                options.pattern = p == "*" ? nil : p
            } else if allowType && call.keyword(i, "TYPE") && more >= 1 {
                options.type = call.string(i + 1)
            } else {
                throw .syntax
            }
            i += 2
        }
        return options
    }

    func matches(_ element: Bytes) -> Bool {
        guard let pattern else { return true }
        return GlobPattern.match(pattern, element)
    }

    /// `parseScanCursorOrReply`: an unsigned 64-bit decimal.
    static func cursor(_ call: Call, _ index: Int) throws(RedisError) -> UInt64 {
        guard let c = UInt64(call.string(index)) else { throw RedisError("ERR invalid cursor") }
        return c
    }

    static func reply(_ call: inout Call, cursor: UInt64, elements: [Bytes]) {
        call.reply.arrayHeader(2)
        call.reply.bulk(String(cursor))
        call.reply.array(elements)
    }

    /// Steps `scanStep` until `count` elements (or `count` pairs when `pairs`) are
    /// gathered, 10 x count steps are spent, or the cursor wraps — Redis's loop.
    static func collect(
        cursor start: UInt64, count: Int, _ scanStep: (UInt64, inout [Bytes]) -> UInt64
    ) -> (UInt64, [Bytes]) {
        var cursor = start
        var found: [Bytes] = []
        var budget = count * 10
        repeat {
            cursor = scanStep(cursor, &found)
            budget -= 1
        } while cursor != 0 && budget > 0 && found.count < count
        return (cursor, found)
    }
}
