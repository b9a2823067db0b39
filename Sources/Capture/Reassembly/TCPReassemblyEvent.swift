import NIOCore

/// What `TCPReassembler` reports, in capture order. A consumer can act on each event as it comes
/// (a replayer queues one connection's client bytes and server bytes as they arrive) without the
/// reassembler keeping any delivered bytes.
public enum TCPReassemblyEvent: Sendable {
    case opened(TCPConnectionOpened)
    /// Bytes of one direction, in stream order, each byte exactly once.
    case data(TCPStreamData)
    /// Bytes of one direction that were never captured; the stream continues after them.
    case gap(TCPStreamGap)
    case closed(TCPConnectionClosed)

    public var connection: TCPConnectionID {
        switch self {
        case .opened(let event): event.connection
        case .data(let event): event.connection
        case .gap(let event): event.connection
        case .closed(let event): event.connection
        }
    }
}

/// Connections are numbered 1, 2, 3 … in the order they open; a 4-tuple reused after a close
/// gets a new number.
public struct TCPConnectionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var number: Int
    public init(_ number: Int) { self.number = number }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.number < rhs.number }
    public var description: String { "connection \(number)" }
}

public enum TCPStreamDirection: Hashable, Sendable, CustomStringConvertible {
    case clientToServer
    case serverToClient

    public var reversed: TCPStreamDirection { self == .clientToServer ? .serverToClient : .clientToServer }
    public var description: String { self == .clientToServer ? "client→server" : "server→client" }
}

/// How the reassembler decided which side is the client, so a report can say how sure it is.
public enum TCPDirectionEvidence: Hashable, Sendable, CustomStringConvertible {
    /// The client's SYN was captured.
    case syn
    /// Only the server's SYN-ACK was captured.
    case synAck
    /// No handshake captured; this port was given as a server port.
    case knownServerPort(UInt16)
    /// No handshake captured and no known port: the lower port was taken as the server's.
    case lowerPort
    /// No handshake, no known port, equal ports: the first segment's destination was taken as the server.
    case firstSegmentDestination

    /// True when the connection was already running when the capture started.
    public var isMidStream: Bool { self != .syn && self != .synAck }

    public var description: String {
        switch self {
        case .syn: "SYN seen"
        case .synAck: "SYN-ACK seen (SYN not captured)"
        case .knownServerPort(let port): "mid-stream; \(port) is a known server port"
        case .lowerPort: "mid-stream; guessed: lower port is the server"
        case .firstSegmentDestination: "mid-stream; guessed: first segment's destination is the server"
        }
    }
}

public struct TCPConnectionOpened: Sendable {
    public var connection: TCPConnectionID
    public var client: TCPEndpoint
    public var server: TCPEndpoint
    public var evidence: TCPDirectionEvidence
    /// Of the segment that opened it, microseconds since the Unix epoch.
    public var timestamp: Int64
    public var packetNumber: Int
}

public struct TCPStreamData: Sendable {
    public var connection: TCPConnectionID
    public var direction: TCPStreamDirection
    /// Position of `bytes` in this direction's stream: bytes delivered plus bytes missing before them.
    public var offset: Int64
    public var bytes: ByteBuffer
    /// Of the segment that completed these bytes (the one that filled the hole before them, when
    /// they had been waiting out of order).
    public var timestamp: Int64
    public var packetNumber: Int
}

public struct TCPStreamGap: Sendable, CustomStringConvertible {
    public enum Cause: Hashable, Sendable {
        /// Too much was waiting behind the hole (`TCPReassemblerConfiguration.maxBufferedBytes`).
        case bufferLimit
        /// The connection closed, expired or the input ended with the hole unfilled.
        case connectionEnded
    }

    public var connection: TCPConnectionID
    public var direction: TCPStreamDirection
    /// Stream position of the first missing byte.
    public var offset: Int64
    /// TCP sequence number of the first missing byte (as Wireshark shows it, absolute).
    public var sequence: UInt32
    public var length: Int64
    public var cause: Cause
    /// Of the segment being handled when the gap was declared.
    public var timestamp: Int64
    public var packetNumber: Int

    public var description: String {
        let why = cause == .bufferLimit ? "out-of-order buffer full" : "never filled"
        return "\(connection) \(direction): \(length) bytes missing at stream offset \(offset) (seq \(sequence)), \(why), declared at packet \(packetNumber)"
    }
}

public struct TCPConnectionClosed: Sendable {
    public enum Reason: Hashable, Sendable {
        /// FIN both ways and every byte before them delivered.
        case finished
        case reset(by: TCPStreamDirection)
        /// A new SYN (different initial sequence number) arrived on the same 4-tuple.
        case replaced
        /// No segment for `TCPReassemblerConfiguration.idleTimeout`.
        case idle
        /// Dropped to stay under `TCPReassemblerConfiguration.maxConnections`.
        case evicted
        /// `finish` was called with the connection still open.
        case endOfInput
    }

    public var connection: TCPConnectionID
    public var reason: Reason
    public var timestamp: Int64
    /// The segment that closed it; nil when it closed because of time, eviction or end of input.
    public var packetNumber: Int?
}
