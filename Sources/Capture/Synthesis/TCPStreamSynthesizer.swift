import NIOCore

/// Turns what a proxy saw of one TCP connection — opened, bytes each way, FIN from either side,
/// reset — into the IPv4 or IPv6 packets a capture on `lo` would have shown: a 3-way handshake
/// with MSS options, data split at the MSS with consecutive sequence numbers, the receiver's
/// ACKs, FIN/ACK per side, RST. Wireshark and tshark follow the streams back to the bytes.
///
/// One value per connection; timestamps are the caller's (nanoseconds since the epoch), every
/// packet of one call gets the call's. A 4-tuple reused after close needs a new synthesizer
/// with other initial sequence numbers, as a real stack would pick.
public struct TCPStreamSynthesizer: Sendable {
    public enum Side: Sendable, Hashable {
        case client, server
    }

    public let client: TCPEndpoint
    public let server: TCPEndpoint
    public let maximumSegmentSize: Int
    /// Advertised by both sides, unscaled; ACKs come often enough never to fill it.
    public static let window: UInt16 = 65535

    private let fromClient: TCPPacketBuilder
    private let fromServer: TCPPacketBuilder
    private var clientState: SideState
    private var serverState: SideState
    private var phase = Phase.notOpened
    /// The receiver ACKs after this many segments (delayed-ACK style), and after each send.
    private let segmentsPerACK: Int

    private enum Phase { case notOpened, open, reset }

    private struct SideState {
        /// Sequence number of the next byte (or SYN/FIN) this side sends.
        var next: UInt32
        var finSent = false
        var identification: UInt16 = 1
    }

    /// Throws when an address is not IPv4/IPv6 text, the two differ in family, or the MSS does
    /// not fit an IP packet. Initial sequence numbers default to values made from the ports,
    /// so the same events make the same file.
    public init(
        client: TCPEndpoint, server: TCPEndpoint, maximumSegmentSize: Int = 1460, clientInitialSequence: UInt32? = nil,
        serverInitialSequence: UInt32? = nil
    ) throws(TCPSynthesisError) {
        let connection = "\(client) -> \(server)"
        guard let clientAddress = IPAddressBytes.parse(client.address) else {
            throw TCPSynthesisError(connection: connection, reason: "client address \"\(client.address)\" is not an IPv4 or IPv6 address")
        }
        guard let serverAddress = IPAddressBytes.parse(server.address) else {
            throw TCPSynthesisError(connection: connection, reason: "server address \"\(server.address)\" is not an IPv4 or IPv6 address")
        }
        guard clientAddress.count == serverAddress.count else {
            throw TCPSynthesisError(connection: connection, reason: "client and server addresses are not the same IP version")
        }
        // The largest payload whose packet length still fits the IP header's 16-bit field.
        let largest = clientAddress.count == 16 ? 65_535 - 20 : 65_535 - 40
        guard (1...largest).contains(maximumSegmentSize) else {
            throw TCPSynthesisError(connection: connection, reason: "maximum segment size \(maximumSegmentSize) is outside 1...\(largest)")
        }
        self.client = client
        self.server = server
        self.maximumSegmentSize = maximumSegmentSize
        fromClient = TCPPacketBuilder(sourceAddress: clientAddress, destinationAddress: serverAddress, sourcePort: client.port, destinationPort: server.port)
        fromServer = TCPPacketBuilder(sourceAddress: serverAddress, destinationAddress: clientAddress, sourcePort: server.port, destinationPort: client.port)
        clientState = SideState(next: clientInitialSequence ?? (UInt32(client.port) &* 0x9E37_79B1 ^ UInt32(server.port)))
        serverState = SideState(next: serverInitialSequence ?? (UInt32(server.port) &* 0x85EB_CA77 ^ UInt32(client.port)))
        // Unacknowledged bytes stay under half the window.
        segmentsPerACK = max(1, min(2, Int(Self.window) / 2 / maximumSegmentSize))
    }

    /// True after a reset, or once both sides have sent their FIN.
    public var isFinished: Bool { phase == .reset || (clientState.finSent && serverState.finSent) }

    /// SYN, SYN/ACK, ACK.
    public mutating func open(atNanoseconds time: Int64) throws(TCPSynthesisError) -> [SynthesizedPacket] {
        guard phase == .notOpened else { throw failure("opened twice") }
        phase = .open
        // MSS option: kind 2, length 4.
        let mss = [2, 4, UInt8(maximumSegmentSize >> 8 & 0xFF), UInt8(maximumSegmentSize & 0xFF)]
        var packets: [SynthesizedPacket] = []
        packets.append(emit(from: .client, flags: .syn, acknowledgment: 0, options: mss, at: time))
        clientState.next &+= 1
        packets.append(emit(from: .server, flags: [.syn, .ack], options: mss, at: time))
        serverState.next &+= 1
        packets.append(emit(from: .client, flags: .ack, at: time))
        return packets
    }

    /// `bytes` from `side`, in MSS-sized segments (PSH on the last), with the other side's ACKs.
    public mutating func send(_ bytes: ByteBuffer, from side: Side, atNanoseconds time: Int64) throws(TCPSynthesisError) -> [SynthesizedPacket] {
        try checkCanSend(from: side, what: "data")
        var packets: [SynthesizedPacket] = []
        let view = bytes.readableBytesView
        var start = view.startIndex
        var unacknowledged = 0
        while start < view.endIndex {
            let end = min(start + maximumSegmentSize, view.endIndex)
            let flags: TCPFlags = end == view.endIndex ? [.ack, .psh] : .ack
            packets.append(emit(from: side, flags: flags, payload: view[start..<end], at: time))
            advance(side, by: UInt32(end - start))
            start = end
            unacknowledged += 1
            if unacknowledged == segmentsPerACK || start == view.endIndex {
                packets.append(emit(from: side.other, flags: .ack, at: time))
                unacknowledged = 0
            }
        }
        return packets
    }

    /// FIN/ACK from `side` and the other side's ACK; the other side may still send.
    public mutating func close(from side: Side, atNanoseconds time: Int64) throws(TCPSynthesisError) -> [SynthesizedPacket] {
        try checkCanSend(from: side, what: "FIN")
        let fin = emit(from: side, flags: [.fin, .ack], at: time)
        advance(side, by: 1)
        switch side {
        case .client: clientState.finSent = true
        case .server: serverState.finSent = true
        }
        return [fin, emit(from: side.other, flags: .ack, at: time)]
    }

    /// RST/ACK from `side`; nothing follows it.
    public mutating func reset(from side: Side, atNanoseconds time: Int64) throws(TCPSynthesisError) -> [SynthesizedPacket] {
        switch phase {
        case .notOpened: throw failure("reset before the connection was opened")
        case .reset: throw failure("reset twice")
        case .open: break
        }
        phase = .reset
        return [emit(from: side, flags: [.rst, .ack], at: time)]
    }

    private func checkCanSend(from side: Side, what: String) throws(TCPSynthesisError) {
        switch phase {
        case .notOpened: throw failure("\(what) from the \(side) before the connection was opened")
        case .reset: throw failure("\(what) from the \(side) after the connection was reset")
        case .open: break
        }
        if state(side).finSent { throw failure("\(what) from the \(side) after its FIN") }
    }

    private func failure(_ reason: String) -> TCPSynthesisError {
        TCPSynthesisError(connection: "\(client) -> \(server)", reason: reason)
    }

    private func state(_ side: Side) -> SideState { side == .client ? clientState : serverState }

    private mutating func advance(_ side: Side, by count: UInt32) {
        switch side {
        case .client: clientState.next &+= count
        case .server: serverState.next &+= count
        }
    }

    /// A segment from `side` at its next sequence number, acknowledging all the other side sent
    /// unless told otherwise (the first SYN acknowledges nothing).
    private mutating func emit(
        from side: Side, flags: TCPFlags, acknowledgment: UInt32? = nil, options: [UInt8] = [],
        payload: ByteBufferView = ByteBuffer().readableBytesView, at time: Int64
    ) -> SynthesizedPacket {
        let sender = state(side)
        let segment = TCPPacketBuilder.Segment(
            sequence: sender.next, acknowledgment: acknowledgment ?? state(side.other).next, flags: flags, window: Self.window,
            options: options, payload: payload, identification: sender.identification)
        let packet = side == .client ? fromClient.packet(segment) : fromServer.packet(segment)
        switch side {
        case .client: clientState.identification &+= 1
        case .server: serverState.identification &+= 1
        }
        return SynthesizedPacket(timestampNanoseconds: time, ipPacket: packet)
    }
}

extension TCPStreamSynthesizer.Side: CustomStringConvertible {
    public var other: Self { self == .client ? .server : .client }
    public var description: String { self == .client ? "client" : "server" }
}
