/// IPv6 addresses as RFC 5952 writes them (what Wireshark and `ip addr` show): lower-case
/// hex without leading zeros, the longest run of two or more zero groups (the first of equal
/// runs) as `::`, and IPv4-mapped addresses as `::ffff:1.2.3.4`.
enum IPv6AddressText {
    static func text(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return "?" }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "::ffff:" + bytes[12...].map(String.init).joined(separator: ".")
        }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = max(end, index + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
