import NIOCore

/// A connection that is, or is becoming, a replica of this node: what it told us with
/// REPLCONF, where its synchronisation stands, and what it acknowledged.
final class ReplicaPeer: @unchecked Sendable {
    /// Redis's `SLAVE_STATE_*`.
    enum State: Equatable {
        /// Only REPLCONF so far: not in the node's list of replicas.
        case handshake
        /// Needs a snapshot; none it can use is being made yet.
        case waitBgsaveStart
        /// A snapshot is being written for it; the stream after it piles up in `buffered`.
        case waitBgsaveEnd
        /// The snapshot is on its way; the stream follows it on the socket.
        case sendBulk
        case online

        /// What INFO's `slaveN:...state=` says.
        var name: String {
            switch self {
            case .handshake: return ""
            case .waitBgsaveStart, .waitBgsaveEnd: return "wait_bgsave"
            case .sendBulk: return "send_bulk"
            case .online: return "online"
            }
        }

        /// True once the stream is written to the socket as it is produced.
        var isStreaming: Bool { self == .sendBulk || self == .online }
    }

    unowned(unsafe) let client: Client
    var state = State.handshake
    var listeningPort = 0
    var announcedIP: String?
    var supportsEOF = false
    var supportsPsync2 = false
    /// Came with SYNC rather than PSYNC: no +FULLRESYNC line, no REPLCONF ACKs to expect.
    var legacySync = false
    /// The offset its snapshot was taken at (`psync_initial_offset`).
    var snapshotOffset: Int64 = -1
    /// The stream produced since its snapshot, while the snapshot is being written.
    var buffered = ByteBuffer()
    var ackOffset: Int64 = 0
    /// Unix ms of its last REPLCONF ACK (or of going online).
    var ackTime: Int64 = 0

    init(client: Client) {
        self.client = client
    }

    var isAttached: Bool { state != .handshake }

    /// The address INFO and ROLE show: the announced IP, or the peer's.
    var ip: String {
        if let announcedIP { return announcedIP }
        let remote = client.remoteAddress
        if remote.hasPrefix("["), let close = remote.firstIndex(of: "]") {
            return String(remote[remote.index(after: remote.startIndex)..<close])
        }
        if let colon = remote.lastIndex(of: ":") { return String(remote[..<colon]) }
        return remote
    }

    /// `replicationGetSlaveName`: how logs name it.
    var name: String {
        listeningPort > 0 ? "\(ip):\(listeningPort)" : "client id #\(client.id)"
    }

    /// Writes straight to the socket (out of band of the client's reply buffer).
    func send(_ buffer: ByteBuffer) {
        client.channel?.writeAndFlush(buffer, promise: nil)
    }

    func send(_ text: String) {
        guard let channel = client.channel else { return }
        channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil)
    }
}
