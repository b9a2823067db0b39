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

    /// `parseScanCursorOrReply`: C's `strtoul` over the whole (NUL-terminated) argument, so
    /// "" is 0, a sign is allowed and "-1" wraps to 2^64-1; leading space and overflow are not.
    static func cursor(_ call: Call, _ index: Int) throws(RedisError) -> UInt64 {
        let invalid = RedisError("ERR invalid cursor")
        var text = call.bytes(index).array
        if let nul = text.firstIndex(of: 0) { text.removeSubrange(nul...) }
        guard let first = text.first else { return 0 }
        if first == 32 || (first >= 9 && first <= 13) { throw invalid }
        var digits = text[...]
        let negative = first == UInt8(ascii: "-")
        if negative || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { throw invalid }
        var value: UInt64 = 0
        for d in digits {
            guard d >= 48 && d <= 57 else { throw invalid }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d - 48))
            if o1 || o2 { throw invalid }
            value = sum
        }
        return negative ? 0 &- value : value
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
