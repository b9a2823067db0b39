import NIOCore

/// The IP packet inside a link-layer frame.
enum IPVersion { case v4, v6 }

enum LinkLayer {
    /// Strips the link-layer header of `frame`, leaving the IP packet in the buffer.
    static func ipPacket(in frame: inout ByteBuffer, linkType: LinkType) throws(PacketSkip) -> IPVersion {
        switch linkType {
        case .ethernet: return try ethernet(&frame)
        case .null, .loop: return try loopback(&frame)
        case .linuxSLL: return try cooked(&frame, headerLength: 16, protocolAt: 14, name: "Linux cooked (SLL)")
        case .linuxSLL2: return try cooked(&frame, headerLength: 20, protocolAt: 0, name: "Linux cooked v2 (SLL2)")
        case .raw: return try rawIP(frame)
        case .ipv4: return .v4
        case .ipv6: return .v6
        default: throw .notTCP("link type \(linkType) is not read")
        }
    }

    /// Ethernet II, with any number of 802.1Q / 802.1ad VLAN tags.
    private static func ethernet(_ frame: inout ByteBuffer) throws(PacketSkip) -> IPVersion {
        try PacketSkip.require(14, in: frame, for: "Ethernet header")
        var at = frame.readerIndex + 12
        var type = frame.getInteger(at: at, as: UInt16.self) ?? 0
        while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
            guard let inner = frame.getInteger(at: at + 4, as: UInt16.self) else {
                throw .malformed("VLAN tag cut short: \(frame.readableBytes) bytes captured")
            }
            at += 4
            type = inner
        }
        frame.moveReaderIndex(to: at + 2)
        return try ipVersion(ethertype: type)
    }

    /// BSD NULL and OpenBSD LOOP: a 4-byte address family, in either byte order since NULL uses
    /// the capturing host's. IPv6's value differs between systems.
    private static func loopback(_ frame: inout ByteBuffer) throws(PacketSkip) -> IPVersion {
        try PacketSkip.require(4, in: frame, for: "loopback header")
        let raw = frame.readInteger(as: UInt32.self) ?? 0
        let family = raw & 0xFFFF == 0 ? raw.byteSwapped : raw
        switch family {
        case 2: return .v4
        case 10, 24, 28, 30: return .v6  // Linux, NetBSD/OpenBSD, FreeBSD, macOS
        default: throw .notTCP("loopback address family \(family)")
        }
    }

    private static func cooked(_ frame: inout ByteBuffer, headerLength: Int, protocolAt: Int, name: String) throws(PacketSkip) -> IPVersion {
        try PacketSkip.require(headerLength, in: frame, for: "\(name) header")
        let type = frame.getInteger(at: frame.readerIndex + protocolAt, as: UInt16.self) ?? 0
        frame.moveReaderIndex(forwardBy: headerLength)
        return try ipVersion(ethertype: type)
    }

    private static func rawIP(_ frame: ByteBuffer) throws(PacketSkip) -> IPVersion {
        switch frame.getInteger(at: frame.readerIndex, as: UInt8.self).map({ $0 >> 4 }) {
        case 4: return .v4
        case 6: return .v6
        case nil: throw .malformed("empty raw IP packet")
        case let version?: throw .malformed("raw IP packet with version \(version)")
        }
    }

    private static func ipVersion(ethertype: UInt16) throws(PacketSkip) -> IPVersion {
        switch ethertype {
        case 0x0800: return .v4
        case 0x86DD: return .v6
        case 0x0806: throw .notTCP("ARP")
        default: throw .notTCP("ethertype 0x\(String(ethertype, radix: 16))")
        }
    }
}
