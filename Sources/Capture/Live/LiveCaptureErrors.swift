import CPcap

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a failed `pcap_activate` means for the person running the capture, libpcap's own words
/// kept in parentheses.
enum LiveCaptureErrors {
    static let permissionPhrase = "needs root or CAP_NET_RAW"

    static func activation(_ status: Int32, interface: String, libpcap: String) -> String {
        let detail = libpcap.isEmpty ? LibpcapMessage.text(pcap_statustostr(status)) : libpcap
        switch status {
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
            return "capturing on \(interface) \(permissionPhrase): run as root, or grant the capabilities once with "
                + "`sudo setcap cap_net_raw,cap_net_admin+eip \(executablePath())` (libpcap: \(detail))"
        case PCAP_ERROR_NO_SUCH_DEVICE:
            let known = interfaces()
            return "there is no network interface \(interface)"
                + (known.isEmpty ? "" : " (interfaces here: \(known.joined(separator: ", ")))") + " (libpcap: \(detail))"
        case PCAP_ERROR_IFACE_NOT_UP:
            return "network interface \(interface) is down (libpcap: \(detail))"
        default:
            return "cannot capture on \(interface) (libpcap: \(detail))"
        }
    }

    /// This program's file, which `setcap` needs.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "PATH-OF-THIS-PROGRAM" }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Names libpcap can capture on, for the "no such interface" message.
    static func interfaces() -> [String] {
        var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        var list: UnsafeMutablePointer<pcap_if_t>?
        guard pcap_findalldevs(&list, &message) == 0, let first = list else { return [] }
        defer { pcap_freealldevs(first) }
        var names: [String] = []
        var entry: UnsafeMutablePointer<pcap_if_t>? = first
        while let current = entry {
            if let name = current.pointee.name { names.append(String(cString: name)) }
            entry = current.pointee.next
        }
        return names
    }
}
