/// A capture that cannot be read (further): which file, where (byte offset when known, packet
/// number when known) and why, worded for the person who handed the file over.
public struct CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// Byte offset in the file where reading failed, when known.
    public var offset: Int64?
    /// 1-based packet number the problem is in, when known.
    public var packet: Int?
    public var reason: String

    public init(file: String, offset: Int64? = nil, packet: Int? = nil, reason: String) {
        self.file = file
        self.offset = offset
        self.packet = packet
        self.reason = reason
    }

    /// `capture.pcap: packet 12 at offset 1480: truncated dump file; ...`
    public var description: String {
        var place = file
        if let packet { place += ": packet \(packet)" }
        if let offset { place += packet == nil ? ": offset \(offset)" : " at offset \(offset)" }
        return "\(place): \(reason)"
    }
}
