import Capture
import NIOCore
import Testing

/// Builds segments of one connection between a client and a server, numbering packets and
/// advancing the clock by 1 ms per segment.
struct SegmentMaker {
    var client = TCPEndpoint(address: "10.0.0.1", port: 40000)
    var server = TCPEndpoint(address: "10.0.0.2", port: 6379)
    var packetNumber = 0
    var time: Int64 = 1_700_000_000_000_000

    mutating func make(
        _ direction: TCPStreamDirection, seq: UInt32, ack: UInt32 = 0, flags: TCPFlags = [.ack], _ payload: [UInt8] = []
    ) -> TCPSegment {
        packetNumber += 1
        time += 1000
        let from = direction == .clientToServer ? client : server
        let to = direction == .clientToServer ? server : client
        return TCPSegment(
            timestamp: time, source: from, destination: to, sequence: seq, acknowledgment: ack, flags: flags,
            payload: ByteBuffer(bytes: payload), packetNumber: packetNumber)
    }

    mutating func make(_ direction: TCPStreamDirection, seq: UInt32, ack: UInt32 = 0, flags: TCPFlags = [.ack], _ text: String) -> TCPSegment {
        make(direction, seq: seq, ack: ack, flags: flags, Array(text.utf8))
    }
}

/// Everything a reassembler emitted, with helpers to read it per connection and direction.
struct EventLog {
    var events: [TCPReassemblyEvent] = []

    var opened: [TCPConnectionOpened] {
        events.compactMap { if case .opened(let event) = $0 { event } else { nil } }
    }
    var gaps: [TCPStreamGap] {
        events.compactMap { if case .gap(let event) = $0 { event } else { nil } }
    }
    var closed: [TCPConnectionClosed] {
        events.compactMap { if case .closed(let event) = $0 { event } else { nil } }
    }
    func data(_ connection: Int, _ direction: TCPStreamDirection) -> [TCPStreamData] {
        events.compactMap {
            if case .data(let event) = $0, event.connection.number == connection, event.direction == direction { event } else { nil }
        }
    }
    func bytes(_ connection: Int, _ direction: TCPStreamDirection) -> [UInt8] {
        data(connection, direction).flatMap { Array($0.bytes.readableBytesView) }
    }
    func text(_ connection: Int, _ direction: TCPStreamDirection) -> String {
        String(decoding: bytes(connection, direction), as: UTF8.self)
    }

    /// Problems with the stream contract: each direction's data and gaps must tile the stream
    /// from offset 0 without hole or overlap, and nothing may follow a connection's `.closed`.
    var contractViolations: [String] {
        var next: [String: Int64] = [:]
        var closedConnections: Set<Int> = []
        var problems: [String] = []
        for event in events {
            let number = event.connection.number
            if closedConnections.contains(number) { problems.append("event after close on \(event.connection)") }
            switch event {
            case .opened: break
            case .closed: closedConnections.insert(number)
            case .data(let data):
                let key = "\(number) \(data.direction)"
                if data.offset != next[key, default: 0] { problems.append("\(key): data at \(data.offset), expected \(next[key, default: 0])") }
                if data.bytes.readableBytes == 0 { problems.append("\(key): empty data event") }
                next[key] = data.offset + Int64(data.bytes.readableBytes)
            case .gap(let gap):
                let key = "\(number) \(gap.direction)"
                if gap.offset != next[key, default: 0] { problems.append("\(key): gap at \(gap.offset), expected \(next[key, default: 0])") }
                if gap.length <= 0 { problems.append("\(key): gap of \(gap.length)") }
                next[key] = gap.offset + gap.length
            }
        }
        return problems
    }
}

/// Feeds `segments` to a new reassembler (then `finish`, unless told not to), checking the
/// accounting invariant: once no connection is open (always after `finish`), nothing waits.
func reassemble(
    _ segments: [TCPSegment], configuration: TCPReassemblerConfiguration = .init(), finish: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> (log: EventLog, statistics: TCPReassemblyStatistics) {
    let reassembler = TCPReassembler(configuration: configuration)
    var log = EventLog()
    for segment in segments { reassembler.process(segment) { log.events.append($0) } }
    if finish { reassembler.finish { log.events.append($0) } }
    if reassembler.openConnectionCount == 0 {
        #expect(reassembler.bufferedBytes == 0, "bytes still counted as waiting with no connection open", sourceLocation: sourceLocation)
    }
    return (log, reassembler.statistics)
}
