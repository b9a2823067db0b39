#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An address in the text form `TCPEndpoint` carries, as the 4 or 16 bytes packets carry.
enum IPAddressBytes {
    /// nil when the text is neither an IPv4 dotted quad nor an IPv6 address (zones such as
    /// `%lo` are not accepted: a packet has no room for them).
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
