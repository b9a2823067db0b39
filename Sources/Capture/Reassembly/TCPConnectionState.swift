/// The two endpoints of a connection in a fixed order, so both directions find the same record.
struct TCPConnectionKey: Hashable {
    let low: TCPEndpoint
    let high: TCPEndpoint

    init(_ one: TCPEndpoint, _ other: TCPEndpoint) {
        // Port first: cheaper than the address text and usually decisive.
        if (one.port, one.address) <= (other.port, other.address) {
            low = one
            high = other
        } else {
            low = other
            high = one
        }
    }
}

/// What the reassembler tracks of one connection. A class so the dictionary's record is
/// updated in place, without copying the halves' buffers.
final class TCPConnectionState {
    let id: TCPConnectionID
    let client: TCPEndpoint
    let server: TCPEndpoint
    var toServer = TCPHalfStream()
    var toClient = TCPHalfStream()
    /// Capture time of the latest segment, for idle expiry and eviction.
    var lastActivity: Int64
    /// Of the latest segment: events emitted later (flush at the end) point at it.
    var lastPacketNumber: Int
    /// Set once closed; the record then lingers to absorb late segments.
    var closedAt: Int64?

    init(id: TCPConnectionID, client: TCPEndpoint, server: TCPEndpoint, timestamp: Int64, packetNumber: Int) {
        self.id = id
        self.client = client
        self.server = server
        self.lastActivity = timestamp
        self.lastPacketNumber = packetNumber
    }

    var isClosed: Bool { closedAt != nil }

    func direction(from source: TCPEndpoint) -> TCPStreamDirection {
        source == client ? .clientToServer : .serverToClient
    }

    func withHalf<Result>(_ direction: TCPStreamDirection, _ body: (inout TCPHalfStream) -> Result) -> Result {
        switch direction {
        case .clientToServer: body(&toServer)
        case .serverToClient: body(&toClient)
        }
    }
}
