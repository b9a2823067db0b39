import NIOCore

/// What a PING/PONG/MEET says about one other node (`clusterMsgDataGossip`, 104 bytes).
public struct ClusterGossipEntry: Hashable, Sendable {
    public var node: ClusterNodeID
    /// Seconds (the sender's `ping_sent / 1000`), 0 when no ping is in flight.
    public var pingSent: UInt32
    /// Seconds (the sender's `pong_received / 1000`).
    public var pongReceived: UInt32
    /// Up to the first NUL of the 46-byte field; at most 45 bytes are sent.
    public var ip: String
    public var port: UInt16
    public var busPort: UInt16
    public var flags: ClusterNodeFlags
    public var plaintextPort: UInt16

    public init(
        node: ClusterNodeID, pingSent: UInt32 = 0, pongReceived: UInt32 = 0, ip: String, port: UInt16,
        busPort: UInt16, flags: ClusterNodeFlags, plaintextPort: UInt16 = 0
    ) {
        self.node = node
        self.pingSent = pingSent
        self.pongReceived = pongReceived
        self.ip = ip
        self.port = port
        self.busPort = busPort
        self.flags = flags
        self.plaintextPort = plaintextPort
    }

    /// Reads the entry at `index` (absolute); the caller has checked the length.
    init(buffer: ByteBuffer, at index: Int) {
        typealias L = ClusterBusLayout
        node = ClusterNodeID(buffer: buffer, at: index)!
        pingSent = buffer.getInteger(at: index + L.gossipPingSentOffset)!
        pongReceived = buffer.getInteger(at: index + L.gossipPongReceivedOffset)!
        ip = buffer.getNulTerminatedField(at: index + L.gossipIPOffset, length: L.ipLength)
        port = buffer.getInteger(at: index + L.gossipPortOffset)!
        busPort = buffer.getInteger(at: index + L.gossipCportOffset)!
        flags = ClusterNodeFlags(rawValue: buffer.getInteger(at: index + L.gossipFlagsOffset)!)
        plaintextPort = buffer.getInteger(at: index + L.gossipPportOffset)!
    }

    func write(to buffer: inout ByteBuffer) {
        node.write(to: &buffer)
        buffer.writeInteger(pingSent)
        buffer.writeInteger(pongReceived)
        buffer.writeNulPaddedField(ip, length: ClusterBusLayout.ipLength)
        buffer.writeInteger(port)
        buffer.writeInteger(busPort)
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(plaintextPort)
        buffer.writeInteger(UInt16(0))  // notused1
    }
}

extension ByteBuffer {
    /// The text of a fixed-size C string field: the bytes before the first NUL (all of them
    /// if there is none).
    func getNulTerminatedField(at index: Int, length: Int) -> String {
        let view = viewBytes(at: index, length: length)!
        let end = view.firstIndex(of: 0) ?? view.endIndex
        return String(decoding: view[view.startIndex..<end], as: UTF8.self)
    }

    /// Writes `text` into a fixed-size C string field: at most `length - 1` bytes (Redis's
    /// `strncpy(dst, src, len-1)`), NUL padding to `length`.
    mutating func writeNulPaddedField(_ text: String, length: Int) {
        let written = writeBytes(text.utf8.prefix(length - 1))
        writeRepeatingByte(0, count: length - written)
    }
}
