import NIOCore

/// What identifies the fragments of one datagram: IPv4's source, destination, protocol and
/// identification (RFC 791); IPv6's source, destination and identification (RFC 8200, whose
/// key leaves the next header out, so `protocol` is 0 there).
struct IPFragmentKey: Hashable, CustomStringConvertible {
    var version: IPVersion
    var source: String
    var destination: String
    var `protocol`: UInt8
    var identification: UInt32

    var description: String {
        let id = "0x" + String(identification, radix: 16)
        return version == .v4
            ? "IPv4 datagram \(source) → \(destination) (protocol \(`protocol`), id \(id))"
            : "IPv6 datagram \(source) → \(destination) (id \(id))"
    }
}

/// One fragment of an IP datagram, as its header describes it.
struct IPFragment {
    var key: IPFragmentKey
    /// Where `bytes` go in the datagram's fragmentable part (IPv4: its payload).
    var offset: Int
    var moreFragments: Bool
    var bytes: ByteBuffer
    /// Bytes the IP header promises beyond those captured.
    var missingBytes: Int
    /// What the 65,535-byte limit counts besides the fragmentable part: IPv4's header, or
    /// IPv6's extension headers up to and including the Fragment header (its payload length).
    var countedHeaderBytes: Int
    /// IPv4's protocol, or the next header of IPv6's Fragment header (from the first fragment,
    /// it says what the reassembled part starts with).
    var nextHeader: UInt8

    var end: Int { offset + bytes.readableBytes }

    /// `IPv4 fragment (offset 1480, more follow)`, for messages.
    var summary: String {
        "IPv\(key.version == .v4 ? 4 : 6) fragment (offset \(offset)\(moreFragments ? ", more follow" : ", the last"))"
    }
}

/// What an IP layer found: a whole packet's TCP segment, or one fragment of a datagram.
enum IPLayerResult {
    case whole(IPPayload)
    case fragment(IPFragment)
}

/// A datagram put back together; it carries the packet number and time of the fragment that
/// completed it.
struct IPDatagram {
    var key: IPFragmentKey
    var nextHeader: UInt8
    var payload: ByteBuffer
    var packetNumber: Int
    var timestamp: Int64
}
