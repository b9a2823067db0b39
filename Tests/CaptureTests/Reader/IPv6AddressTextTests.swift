@testable import Capture
import Testing

/// RFC 5952's canonical text, as Wireshark prints addresses.
@Suite struct IPv6AddressTextTests {
    @Test(arguments: [
        ("00000000000000000000000000000000", "::"),
        ("00000000000000000000000000000001", "::1"),
        ("20010db8000000000000000000000001", "2001:db8::1"),
        ("20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1"),  // one zero group stays
        ("20010000000000010000000000000001", "2001:0:0:1::1"),  // the longer run
        ("20010db8000000000001000000000001", "2001:db8::1:0:0:1"),  // the first of equal runs
        ("fe800000000000000000000000000000", "fe80::"),
        ("00000000000000000000ffffc0000201", "::ffff:192.0.2.1"),
        ("0abc0def00000000000000000000ffff", "abc:def::ffff"),
    ])
    func canonicalText(hex: String, text: String) {
        let bytes = stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
        #expect(IPv6AddressText.text(bytes) == text)
    }
}
