/// Redis's `string2ll`: an optional `-`, then `0` or a digit 1-9 followed by digits, at most
/// 20 characters, no spaces or `+`, and in range of a signed 64-bit integer. Anything else is
/// not an integer, which is what makes `INCR` refuse `" 1"` and `"01"` as Redis does.
public func parseStrictInt64(_ bytes: UnsafeRawBufferPointer) -> Int64? {
    let count = bytes.count
    if count == 0 || count > 20 { return nil }
    if count == 1 {
        let c = bytes[0]
        return (c >= 48 && c <= 57) ? Int64(c &- 48) : nil
    }
    var index = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "-") {
        negative = true
        index = 1
    }
    let first = bytes[index]
    guard first >= 49 && first <= 57 else { return nil }
    // Accumulate as a negative number so that Int64.min is representable.
    var value: Int64 = -Int64(first &- 48)
    index += 1
    while index < count {
        let c = bytes[index]
        guard c >= 48 && c <= 57 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.subtractingReportingOverflow(Int64(c &- 48))
        if o1 || o2 { return nil }
        value = s
        index += 1
    }
    if negative { return value }
    return value == Int64.min ? nil : -value
}

public func parseStrictInt64<C: Collection>(_ bytes: C) -> Int64? where C.Element == UInt8 {
    if let r = bytes.withContiguousStorageIfAvailable({ parseStrictInt64(UnsafeRawBufferPointer($0)) }) {
        return r
    }
    return Array(bytes).withUnsafeBytes { parseStrictInt64($0) }
}
