import CPcap
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pcap or pcapng file packet by packet through libpcap, so memory stays bounded
/// however large the file. libpcap skips pcapng blocks it does not know (and comments); what
/// it cannot read becomes a `CaptureError` naming the file, the packet and its byte offset.
///
/// Not thread-safe: one reader belongs to one task.
public final class PcapFileReader {
    public let path: String
    public let linkType: LinkType
    /// Offset of the record the last `next()` read (or failed to read). For pcapng it may
    /// point at blocks libpcap skipped before the packet.
    public private(set) var recordOffset: Int64 = 0
    /// Packets returned so far; the next one is `packetsRead + 1`.
    public private(set) var packetsRead = 0

    private var handle: OpaquePointer?
    private let nanosecondStamps: Bool
    private let allocator = ByteBufferAllocator()

    public init(path: String) throws(CaptureError) {
        self.path = path
        var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        // Nanoseconds requested so nanosecond files lose nothing before we round.
        guard let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &message) else {
            throw CaptureFileSignature.openError(path: path, libpcapMessage: LibpcapMessage.text(message))
        }
        self.handle = handle
        linkType = Self.linkType(dlt: pcap_datalink(handle))
        nanosecondStamps = pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO
        recordOffset = Self.offset(of: handle)
    }

    deinit {
        if let handle { pcap_close(handle) }
    }

    /// The next packet, or nil at the end of the file. After an error the file is closed and
    /// `next()` returns nil: nothing after a corrupt record can be trusted.
    public func next() throws(CaptureError) -> CapturedPacket? {
        guard let handle else { return nil }
        recordOffset = Self.offset(of: handle)
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var bytes: UnsafePointer<UInt8>?
        let result = pcap_next_ex(handle, &header, &bytes)
        if result == 1, let header, let bytes {
            packetsRead += 1
            return packet(header.pointee, bytes)
        }
        let stoppedAt = Self.offset(of: handle)
        let message = result == PCAP_ERROR_BREAK ? nil : LibpcapMessage.text(pcap_geterr(handle))
        close()
        guard let message else { return nil }  // PCAP_ERROR_BREAK: the end of the file
        throw CaptureError(
            file: path, offset: recordOffset, packet: packetsRead + 1,
            reason: LibpcapMessage.readable(message, stoppedAt: stoppedAt))
    }

    /// Releases the file early; `next()` then returns nil.
    public func close() {
        if let handle { pcap_close(handle) }
        handle = nil
    }

    private func packet(_ header: pcap_pkthdr, _ bytes: UnsafePointer<UInt8>) -> CapturedPacket {
        let captured = Int(header.caplen)
        var data = allocator.buffer(capacity: captured)
        data.writeBytes(UnsafeRawBufferPointer(start: bytes, count: captured))
        let fraction = Int64(header.ts.tv_usec)
        let micros = Int64(header.ts.tv_sec) * 1_000_000 + (nanosecondStamps ? fraction / 1000 : fraction)
        return CapturedPacket(
            timestamp: micros, linkType: linkType, data: data, originalLength: Int(header.len), number: packetsRead)
    }

    /// libpcap answers with its DLT_ value, which differs from the file's LINKTYPE_ for raw IP.
    private static func linkType(dlt: Int32) -> LinkType {
        dlt == DLT_RAW ? .raw : LinkType(rawValue: dlt)
    }

    private static func offset(of handle: OpaquePointer) -> Int64 {
        guard let file = pcap_file(handle) else { return 0 }
        return Int64(ftell(file))
    }
}
