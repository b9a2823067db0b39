import NIOCore

/// Reads a capture as conversations: TCP segments → `TCPReassembler` → per connection,
/// protocol detection and a decoder per direction → events in capture order. Nothing is kept
/// but bytes not yet delivered as messages, so memory stays bounded for any file size.
///
/// A message's time and packet are those of its first byte. A gap or a decoding error gives
/// one `.problem` for that direction, whose later bytes are dropped; a connection of unknown
/// protocol gives one `.problem` and its bytes are dropped; the segment reader's per-packet
/// problems come as `.problem`s without a connection. When the file breaks off, everything
/// reassembly still holds is delivered first, then the `CaptureError` is thrown.
public struct ConversationReader: ConversationEventSource {
    private enum Source {
        case file(TCPSegmentReader)
        case segments(AnyIterator<TCPSegment>)
    }

    private let source: Source
    private let reassembler: TCPReassembler
    private let fixedProtocol: ApplicationProtocol?
    private var connections: [TCPConnectionID: ConnectionDecoding] = [:]
    private var ready = CircularBuffer<ConversationEvent>(initialCapacity: 16)
    private var ended = false
    private var pendingError: CaptureError?
    private var problemsReported = 0
    private var counts = ConversationStatistics()

    /// `protocol` forces one protocol for every connection instead of detecting it; `serverPorts`
    /// tell reassembly which side is the server when a connection's handshake was not captured.
    public init(
        path: String, protocol applicationProtocol: ApplicationProtocol? = nil, serverPorts: Set<UInt16> = [],
        reassembly: TCPReassemblerConfiguration = .init()
    ) throws(CaptureError) {
        self.init(source: .file(try TCPSegmentReader(path: path)), applicationProtocol, serverPorts, reassembly)
    }

    /// Over segments already in memory, in capture order (tests, synthesized traffic).
    public init<Segments: Sequence>(
        segments: Segments, protocol applicationProtocol: ApplicationProtocol? = nil, serverPorts: Set<UInt16> = [],
        reassembly: TCPReassemblerConfiguration = .init()
    ) where Segments.Element == TCPSegment {
        self.init(source: .segments(AnyIterator(segments.makeIterator())), applicationProtocol, serverPorts, reassembly)
    }

    private init(source: Source, _ applicationProtocol: ApplicationProtocol?, _ serverPorts: Set<UInt16>, _ reassembly: TCPReassemblerConfiguration) {
        var configuration = reassembly
        configuration.serverPorts.formUnion(serverPorts)
        self.source = source
        self.reassembler = TCPReassembler(configuration: configuration)
        self.fixedProtocol = applicationProtocol
    }

    public var statistics: ConversationStatistics {
        var statistics = counts
        if case .file(let reader) = source { statistics.packets = reader.file.packetsRead } else { statistics.packets = counts.segments }
        return statistics
    }

    public mutating func next() throws(CaptureError) -> ConversationEvent? {
        while true {
            if let event = ready.popFirst() { return event }
            if ended {
                if let error = pendingError {
                    pendingError = nil
                    throw error
                }
                return nil
            }
            readSegment()
        }
    }

    /// Reads one segment and turns what reassembly makes of it into events; at the end of the
    /// input (or a file error) flushes reassembly.
    private mutating func readSegment() {
        let segment: TCPSegment?
        do {
            segment = try nextSegment()
        } catch {
            pendingError = error
            segment = nil
        }
        reportPacketProblems()
        let reassembler = self.reassembler
        guard let segment else {
            ended = true
            reassembler.finish { handle($0) }
            return
        }
        counts.segments += 1
        reassembler.process(segment) { handle($0) }
    }

    private func nextSegment() throws(CaptureError) -> TCPSegment? {
        switch source {
        case .file(let reader): try reader.next()
        case .segments(let iterator): iterator.next()
        }
    }

    private mutating func handle(_ event: TCPReassemblyEvent) {
        switch event {
        case .opened(let opened):
            counts.connections += 1
            connections[opened.connection] = ConnectionDecoding(opened, protocol: fixedProtocol)
            emit(
                .opened(
                    ConversationOpened(
                        connection: opened.connection, client: opened.client, server: opened.server, timestamp: opened.timestamp,
                        packetNumber: opened.packetNumber)))
        case .data(let data):
            connections[data.connection]?.receive(data) { emit($0) }
        case .gap(let gap):
            connections[gap.connection]?.gap(gap) { emit($0) }
        case .closed(let closed):
            connections.removeValue(forKey: closed.connection)?.close { emit($0) }
            emit(.closed(ConversationClosed(connection: closed.connection, reason: closed.reason, timestamp: closed.timestamp)))
        }
    }

    private mutating func emit(_ event: ConversationEvent) {
        switch event {
        case .message: counts.messages += 1
        case .problem: counts.problems += 1
        case .opened, .closed: break
        }
        ready.append(event)
    }

    /// The segment reader's per-packet problems, as problems without a connection. Past the
    /// ones it keeps only the count is known.
    private mutating func reportPacketProblems() {
        guard case .file(let reader) = source else { return }
        let problems = reader.problems
        while problemsReported < problems.count {
            let reason: String
            var packetNumber: Int?
            if problemsReported < problems.first.count {
                let kept = problems.first[problemsReported]
                reason = kept.offset.map { "at file offset \($0): \(kept.reason)" } ?? kept.reason
                packetNumber = kept.packet
            } else {
                reason = "a malformed packet (details are kept for the first \(problems.limit) only)"
            }
            problemsReported += 1
            emit(.problem(ConversationProblem(connection: nil, direction: nil, streamOffset: nil, packetNumber: packetNumber, reason: reason)))
        }
    }
}
