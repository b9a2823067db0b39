import NIOCore

/// Turns TCP segments, fed in capture order, into per-connection byte streams: `.opened`, then
/// each direction's bytes in stream order (`.data`, `.gap` where bytes were never captured),
/// then `.closed`. Events come out as soon as they are known, through a closure, and delivered
/// bytes are not kept, so memory stays bounded by `TCPReassemblerConfiguration` however long
/// the capture.
///
/// Out-of-order segments wait until the hole before them fills; retransmissions and overlaps
/// are cut to the bytes not yet seen (the first-received copy wins, as Wireshark's default).
/// Not thread-safe: one reassembler per reading task.
public final class TCPReassembler {
    public let configuration: TCPReassemblerConfiguration
    public private(set) var statistics = TCPReassemblyStatistics()

    private var connections: [TCPConnectionKey: TCPConnectionState] = [:]
    private var nextConnectionNumber = 1
    /// Latest capture time seen: captures are not always perfectly time-ordered.
    private var now: Int64 = .min
    private var nextSweep: Int64 = .min
    /// Events of the call in progress, handed to the caller's closure at its end.
    private var outbox: [TCPReassemblyEvent] = []
    /// Out-of-order bytes waiting across all connections.
    private var totalBufferedBytes = 0

    /// Capture time between sweeps for idle and closed connections.
    private static let sweepInterval: Int64 = 1_000_000

    public init(configuration: TCPReassemblerConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Out-of-order bytes waiting across all connections (at most
    /// `configuration.maxTotalBufferedBytes` between calls; 0 after `finish`).
    public var bufferedBytes: Int { totalBufferedBytes }

    /// Connections currently tracked and not yet closed.
    public var openConnectionCount: Int { connections.values.count { !$0.isClosed } }

    /// Feeds one segment. If `emit` throws, the rest of this segment's events are dropped and
    /// the error is rethrown; the reassembler stays usable.
    public func process<E: Error>(_ segment: TCPSegment, emit: (TCPReassemblyEvent) throws(E) -> Void) throws(E) {
        statistics.segments += 1
        now = max(now, segment.timestamp)
        if now >= nextSweep {
            sweep()
            nextSweep = Self.saturating(now, plus: Self.sweepInterval)
        }
        route(segment)
        try drainOutbox(emit)
    }

    /// Closes, as `.idle`, every open connection with no segment since `timestamp` (capture
    /// time), and forgets closed ones; for callers that expire on their own schedule.
    public func expire<E: Error>(inactiveSince timestamp: Int64, emit: (TCPReassemblyEvent) throws(E) -> Void) throws(E) {
        for state in sortedConnections() where state.lastActivity < timestamp {
            if !state.isClosed { end(state, reason: .idle, timestamp: state.lastActivity, packetNumber: nil) }
            connections[TCPConnectionKey(state.client, state.server)] = nil
        }
        try drainOutbox(emit)
    }

    /// End of input: every waiting byte is delivered (after gaps for the holes) and every open
    /// connection closed as `.endOfInput`, in connection order.
    public func finish<E: Error>(emit: (TCPReassemblyEvent) throws(E) -> Void) throws(E) {
        for state in sortedConnections() where !state.isClosed {
            end(state, reason: .endOfInput, timestamp: state.lastActivity, packetNumber: nil)
        }
        connections.removeAll()
        try drainOutbox(emit)
    }

    // MARK: - Routing a segment

    private func route(_ segment: TCPSegment) {
        let key = TCPConnectionKey(segment.source, segment.destination)
        let flags = segment.flags
        let isSyn = flags.contains(.syn) && !flags.contains(.ack)
        let isSynAck = flags.contains(.syn) && flags.contains(.ack)
        if let state = connections[key], let closedAt = state.closedAt {
            let reopens = isSyn || (isSynAck && state.toClient.initialSequence != segment.sequence)
            guard reopens || Self.saturating(segment.timestamp, minus: closedAt) > configuration.closedRetention else {
                statistics.ignoredSegments += 1  // a late ACK or retransmission of the closed connection
                return
            }
            // The 4-tuple is reused (or its old connection long gone): what follows is new.
            connections[key] = nil
        }
        if let state = connections[key] {
            if isSyn, !state.toServer.startsRight(after: segment.sequence) || segment.source == state.server {
                // A SYN that does not start this client stream: a new connection whose
                // predecessor's end was not captured.
                end(state, reason: .replaced, timestamp: segment.timestamp, packetNumber: segment.packetNumber)
                connections[key] = nil
                open(segment, key: key)
                return
            }
            handle(segment, on: state)
            return
        }
        // A pure ACK, FIN or RST of a connection not seen opening carries nothing to reassemble;
        // opening on it would make phantom connections out of the last ACKs of expired ones.
        guard flags.contains(.syn) || segment.payload.readableBytes > 0 else {
            statistics.ignoredSegments += 1
            return
        }
        open(segment, key: key)
    }

    private func open(_ segment: TCPSegment, key: TCPConnectionKey) {
        if connections.count >= configuration.maxConnections { evict() }
        let decision = TCPDirectionDecision(for: segment, serverPorts: configuration.serverPorts)
        let state = TCPConnectionState(
            id: TCPConnectionID(nextConnectionNumber), client: decision.client, server: decision.server, timestamp: segment.timestamp,
            packetNumber: segment.packetNumber)
        nextConnectionNumber += 1
        statistics.connectionsOpened += 1
        connections[key] = state
        outbox.append(
            .opened(
                TCPConnectionOpened(
                    connection: state.id, client: decision.client, server: decision.server, evidence: decision.evidence,
                    timestamp: segment.timestamp, packetNumber: segment.packetNumber)))
        handle(segment, on: state)
    }

    private func handle(_ segment: TCPSegment, on state: TCPConnectionState) {
        let direction = state.direction(from: segment.source)
        let flags = segment.flags
        state.lastActivity = max(state.lastActivity, segment.timestamp)
        state.lastPacketNumber = segment.packetNumber
        var dataSequence = segment.sequence
        if flags.contains(.syn) {
            // The SYN takes one sequence number; data on it (TCP Fast Open) starts after.
            dataSequence = segment.sequence &+ 1
            let alreadySynchronized = state.withHalf(direction) { half in
                if half.isSynchronized { return true }
                half.synchronize(initialSequence: segment.sequence)
                return false
            }
            if alreadySynchronized, segment.payload.readableBytes == 0 {
                statistics.ignoredSegments += 1  // a retransmitted SYN or SYN-ACK
                return
            }
            if flags.contains(.ack) {
                // A SYN-ACK acknowledges the client's SYN: the client's data starts there.
                state.withHalf(direction.reversed) { peer in
                    if !peer.isSynchronized { peer.synchronize(nextSequence: segment.acknowledgment) }
                }
            }
        }
        let stamp = TCPHalfStream.Stamp(
            connection: state.id, direction: direction, timestamp: segment.timestamp, packetNumber: segment.packetNumber)
        if flags.contains(.rst) {
            end(state, reason: .reset(by: direction), timestamp: segment.timestamp, packetNumber: segment.packetNumber)
            return
        }
        let limits = TCPHalfStream.Limits(
            maxBufferedBytes: configuration.maxBufferedBytes, maxBufferedSegments: configuration.maxBufferedSegments)
        state.withHalf(direction) { half in
            if !half.isSynchronized { half.synchronize(nextSequence: dataSequence) }
            let before = half.bufferedBytes
            half.receive(
                sequence: dataSequence, payload: segment.payload, fin: flags.contains(.fin), stamp: stamp, limits: limits,
                statistics: &statistics, events: &outbox)
            totalBufferedBytes += half.bufferedBytes - before
        }
        if totalBufferedBytes > configuration.maxTotalBufferedBytes {
            enforceTotalLimit(timestamp: segment.timestamp, packetNumber: segment.packetNumber)
        }
        if !state.isClosed, state.toServer.isFinished, state.toClient.isFinished {
            close(state, reason: .finished, timestamp: segment.timestamp, packetNumber: segment.packetNumber)
        }
    }

    /// Over the total limit: directions give up their holes, the one holding the most first,
    /// until the total is down to three quarters of the limit. One scan and sort serves all the
    /// victims, and freeing a quarter at once means the next scan waits for a quarter of the
    /// limit in new out-of-order bytes: a capture sitting at the limit (say 100k connections
    /// each holding a hole) cannot make every tiny out-of-order segment scan every connection.
    private func enforceTotalLimit(timestamp: Int64, packetNumber: Int) {
        let lowWater = configuration.maxTotalBufferedBytes - configuration.maxTotalBufferedBytes / 4
        for (victim, direction) in buffersByBytes() {
            guard totalBufferedBytes > lowWater else { break }
            let stamp = TCPHalfStream.Stamp(connection: victim.id, direction: direction, timestamp: timestamp, packetNumber: packetNumber)
            victim.withHalf(direction) { half in
                while half.hasPending, totalBufferedBytes > lowWater {
                    let before = half.bufferedBytes
                    half.giveUpFirstHole(stamp: stamp, statistics: &statistics, events: &outbox)
                    totalBufferedBytes += half.bufferedBytes - before
                }
            }
            if !victim.isClosed, victim.toServer.isFinished, victim.toClient.isFinished {
                close(victim, reason: .finished, timestamp: timestamp, packetNumber: packetNumber)
            }
        }
    }

    /// The open connection directions holding bytes, the most first (the first opened of
    /// equals, its client's direction first).
    private func buffersByBytes() -> [(TCPConnectionState, TCPStreamDirection)] {
        var holders: [(state: TCPConnectionState, direction: TCPStreamDirection, bytes: Int)] = []
        for state in connections.values where !state.isClosed {
            if state.toServer.bufferedBytes > 0 { holders.append((state, .clientToServer, state.toServer.bufferedBytes)) }
            if state.toClient.bufferedBytes > 0 { holders.append((state, .serverToClient, state.toClient.bufferedBytes)) }
        }
        holders.sort { left, right in
            if left.bytes != right.bytes { return left.bytes > right.bytes }
            if left.state.id != right.state.id { return left.state.id < right.state.id }
            return left.direction == .clientToServer && right.direction == .serverToClient
        }
        return holders.map { ($0.state, $0.direction) }
    }

    // MARK: - Ending connections

    /// Flushes both halves (waiting bytes after gaps) and closes.
    private func end(_ state: TCPConnectionState, reason: TCPConnectionClosed.Reason, timestamp: Int64, packetNumber: Int?) {
        for direction in [TCPStreamDirection.clientToServer, .serverToClient] {
            let stamp = TCPHalfStream.Stamp(
                connection: state.id, direction: direction, timestamp: timestamp, packetNumber: packetNumber ?? state.lastPacketNumber)
            state.withHalf(direction) { half in
                totalBufferedBytes -= half.bufferedBytes
                half.flush(stamp: stamp, statistics: &statistics, events: &outbox)
            }
        }
        close(state, reason: reason, timestamp: timestamp, packetNumber: packetNumber)
    }

    /// Every path that ends a connection comes here, so its waiting bytes (none after `end`'s
    /// flush) leave the total with it; a closed or forgotten connection then holds nothing.
    private func close(_ state: TCPConnectionState, reason: TCPConnectionClosed.Reason, timestamp: Int64, packetNumber: Int?) {
        totalBufferedBytes -= state.toServer.discardPending() + state.toClient.discardPending()
        state.closedAt = timestamp
        outbox.append(.closed(TCPConnectionClosed(connection: state.id, reason: reason, timestamp: timestamp, packetNumber: packetNumber)))
    }

    /// Forgets closed connections past their retention and, with an idle timeout, closes the idle.
    private func sweep() {
        for state in sortedConnections() {
            if let closedAt = state.closedAt {
                if Self.saturating(now, minus: closedAt) > configuration.closedRetention { connections[TCPConnectionKey(state.client, state.server)] = nil }
            } else if let idleTimeout = configuration.idleTimeout, Self.saturating(now, minus: state.lastActivity) > idleTimeout {
                end(state, reason: .idle, timestamp: state.lastActivity, packetNumber: nil)
                connections[TCPConnectionKey(state.client, state.server)] = nil
            }
        }
    }

    /// Makes room for a new connection by dropping a sixteenth of the table at once (so a full
    /// table costs one sort per many new connections): closed ones first, then the least
    /// recently active, which are closed as `.evicted`.
    private func evict() {
        let victims = connections.values.sorted { left, right in
            if left.isClosed != right.isClosed { return left.isClosed }
            if left.lastActivity != right.lastActivity { return left.lastActivity < right.lastActivity }
            return left.id < right.id
        }.prefix(max(1, connections.count / 16))
        for state in victims.sorted(by: { $0.id < $1.id }) {
            if !state.isClosed { end(state, reason: .evicted, timestamp: now, packetNumber: nil) }
            connections[TCPConnectionKey(state.client, state.server)] = nil
        }
    }

    /// Connections in opening order, so events that concern several come out deterministically.
    private func sortedConnections() -> [TCPConnectionState] {
        connections.values.sorted { $0.id < $1.id }
    }

    /// Capture timestamps come from the file, so arithmetic on them must not trap.
    private static func saturating(_ value: Int64, plus other: Int64) -> Int64 {
        let (sum, overflow) = value.addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    private static func saturating(_ value: Int64, minus other: Int64) -> Int64 {
        let (difference, overflow) = value.subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }

    private func drainOutbox<E: Error>(_ emit: (TCPReassemblyEvent) throws(E) -> Void) throws(E) {
        defer { outbox.removeAll(keepingCapacity: true) }
        for event in outbox { try emit(event) }
    }
}
