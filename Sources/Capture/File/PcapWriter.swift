import NIOCore

/// Writes a classic pcap file (not pcapng) as it goes: the header at once, records buffered
/// and flushed every 64 KiB, on `flush()` and on `close()`. Byte order little-endian, the magic
/// saying micro- or nanosecond timestamps; by default link type Ethernet with zero MAC
/// addresses, as Linux captures on `lo` look, so tools treat the file as a loopback capture.
public final class PcapWriter {
    public enum TimestampPrecision: Sendable {
        case microseconds, nanoseconds
    }

    /// tcpdump's default: every frame this writer is given fits whole.
    public static let snapLength = 262_144

    public let linkType: LinkType
    public let precision: TimestampPrecision
    private let output: FileDescriptorOutput
    private var pending = ByteBuffer()
    private var closed = false
    private static let flushThreshold = 64 * 1024

    /// Creates or truncates `path`.
    public convenience init(path: String, precision: TimestampPrecision = .microseconds, linkType: LinkType = .ethernet) throws(CaptureError) {
        try self.init(output: FileDescriptorOutput(path: path), precision: precision, linkType: linkType)
    }

    /// Writes to an open descriptor (a pipe, a socket, a file opened elsewhere); `close()`
    /// closes it only when `closesDescriptor`. `name` is what errors call it.
    public convenience init(
        fileDescriptor: CInt, name: String? = nil, closesDescriptor: Bool = false, precision: TimestampPrecision = .microseconds,
        linkType: LinkType = .ethernet
    ) throws(CaptureError) {
        let output = FileDescriptorOutput(descriptor: fileDescriptor, name: name ?? "file descriptor \(fileDescriptor)", closesDescriptor: closesDescriptor)
        try self.init(output: output, precision: precision, linkType: linkType)
    }

    private init(output: FileDescriptorOutput, precision: TimestampPrecision, linkType: LinkType) throws(CaptureError) {
        self.output = output
        self.precision = precision
        self.linkType = linkType
        var header = ByteBuffer()
        header.writeInteger(precision == .nanoseconds ? UInt32(0xA1B2_3C4D) : UInt32(0xA1B2_C3D4), endianness: .little)
        header.writeInteger(UInt16(2), endianness: .little)  // version 2.4
        header.writeInteger(UInt16(4), endianness: .little)
        header.writeInteger(Int32(0), endianness: .little)  // thiszone: always UTC
        header.writeInteger(UInt32(0), endianness: .little)  // sigfigs
        header.writeInteger(UInt32(Self.snapLength), endianness: .little)
        header.writeInteger(UInt32(bitPattern: linkType.rawValue), endianness: .little)
        try output.write(header)
    }

    /// One record holding `frame` as the link layer carries it (cut at the snap length,
    /// `originalLength` defaulting to the frame's). The timestamp must lie between 1970 and 2106,
    /// what the format's unsigned 32-bit seconds hold.
    public func write(frame: ByteBuffer, timestampNanoseconds: Int64, originalLength: Int? = nil) throws(CaptureError) {
        guard !closed else { throw failure("written to after close") }
        guard timestampNanoseconds >= 0, timestampNanoseconds / 1_000_000_000 <= Int64(UInt32.max) else {
            throw failure("timestamp \(timestampNanoseconds) ns is outside what pcap holds (1970 to 2106)")
        }
        let length = originalLength ?? frame.readableBytes
        guard length >= frame.readableBytes, length <= Int(UInt32.max) else {
            throw failure("original length \(length) is below the frame's \(frame.readableBytes) bytes or above 2^32")
        }
        let captured = min(frame.readableBytes, Self.snapLength)
        let seconds = timestampNanoseconds / 1_000_000_000
        let fraction = timestampNanoseconds % 1_000_000_000
        pending.writeInteger(UInt32(seconds), endianness: .little)
        pending.writeInteger(UInt32(precision == .nanoseconds ? fraction : fraction / 1000), endianness: .little)
        pending.writeInteger(UInt32(captured), endianness: .little)
        pending.writeInteger(UInt32(length), endianness: .little)
        pending.writeImmutableBuffer(frame.getSlice(at: frame.readerIndex, length: captured) ?? ByteBuffer())
        if pending.readableBytes >= Self.flushThreshold { try flush() }
    }

    /// An IPv4 or IPv6 packet, framed for the file's link type (Ethernet or raw IP).
    public func write(ipPacket: ByteBuffer, timestampNanoseconds: Int64) throws(CaptureError) {
        let version = ipPacket.getInteger(at: ipPacket.readerIndex, as: UInt8.self).map { $0 >> 4 }
        guard version == 4 || version == 6 else { throw failure("not an IPv4 or IPv6 packet (version nibble \(version.map(String.init) ?? "missing"))") }
        if linkType == .ethernet {
            var frame = ByteBuffer()
            frame.reserveCapacity(14 + ipPacket.readableBytes)
            frame.writeRepeatingByte(0, count: 12)  // destination and source MAC, as on lo
            frame.writeInteger(version == 4 ? UInt16(0x0800) : UInt16(0x86DD))
            frame.writeImmutableBuffer(ipPacket)
            try write(frame: frame, timestampNanoseconds: timestampNanoseconds)
        } else if linkType == .raw || (linkType == .ipv4 && version == 4) || (linkType == .ipv6 && version == 6) {
            try write(frame: ipPacket, timestampNanoseconds: timestampNanoseconds)
        } else {
            throw failure("cannot frame an IPv\(version ?? 0) packet for link type \(linkType)")
        }
    }

    /// The synthesizer's packets, in order.
    public func write(_ packets: [SynthesizedPacket]) throws(CaptureError) {
        for packet in packets { try write(ipPacket: packet.ipPacket, timestampNanoseconds: packet.timestampNanoseconds) }
    }

    /// Hands buffered records to the file (readers see whole records only).
    public func flush() throws(CaptureError) {
        guard pending.readableBytes > 0 else { return }
        let bytes = pending
        pending.clear()
        try output.write(bytes)
    }

    /// Flushes and closes; later calls do nothing.
    public func close() throws(CaptureError) {
        guard !closed else { return }
        closed = true
        defer { pending = ByteBuffer() }
        do {
            try flush()
        } catch {
            try? output.close()
            throw error
        }
        try output.close()
    }

    /// Best effort for a writer dropped without `close()`: errors have nobody to go to.
    deinit { try? close() }

    private func failure(_ reason: String) -> CaptureError {
        CaptureError(file: output.name, offset: output.bytesWritten + Int64(pending.readableBytes), reason: reason)
    }
}
