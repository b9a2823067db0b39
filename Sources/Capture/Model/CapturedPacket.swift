import NIOCore

/// Link-layer header types (tcpdump.org's LINKTYPE_ values, as pcap and pcapng files carry them).
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(rawValue: 0)
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IPv4 or IPv6, told apart by the version nibble.
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback: like `null`, network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (`tcpdump -i any`).
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2 (newer `tcpdump -i any`).
    public static let linuxSLL2 = LinkType(rawValue: 276)

    public var description: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .raw: "RAW"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .linuxSLL2: "LINUX_SLL2"
        default: "LINKTYPE \(rawValue)"
        }
    }
}

/// One packet record of a capture file, as libpcap hands it over.
public struct CapturedPacket: Sendable {
    /// Microseconds since the Unix epoch.
    public var timestamp: Int64
    public var linkType: LinkType
    /// The captured bytes (possibly fewer than `originalLength` with a snap length).
    public var data: ByteBuffer
    public var originalLength: Int
    /// 1-based, as Wireshark numbers packets.
    public var number: Int

    public init(timestamp: Int64, linkType: LinkType, data: ByteBuffer, originalLength: Int, number: Int) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.data = data
        self.originalLength = originalLength
        self.number = number
    }
}
