import NIOCore

/// One direction of a connection: maps sequence numbers to stream offsets (so wraparound is just
/// arithmetic), delivers bytes in order, and holds what arrived early until the hole before it
/// fills or the buffer limit gives up on the hole.
struct TCPHalfStream {
    /// Who and when, for the events this half emits.
    struct Stamp {
        var connection: TCPConnectionID
        var direction: TCPStreamDirection
        var timestamp: Int64
        var packetNumber: Int
    }

    struct Limits {
        var maxBufferedBytes: Int
        var maxBufferedSegments: Int
    }

    /// Bytes received ahead of `nextOffset`. Pieces are sorted and never overlap, so "first
    /// received wins" is decided once, when a segment is cut around what is already here.
    private struct Piece {
        var offset: Int64
        var bytes: ByteBuffer
        var end: Int64 { offset + Int64(bytes.readableBytes) }
    }

    private(set) var isSynchronized = false
    /// The initial sequence number, when this direction's SYN was seen.
    private(set) var initialSequence: UInt32?
    /// Sequence number of the next byte to deliver.
    private(set) var nextSequence: UInt32 = 0
    /// Stream offset of that byte: bytes delivered plus bytes declared missing.
    private(set) var nextOffset: Int64 = 0
    /// Stream offset a FIN was seen at.
    private(set) var finOffset: Int64?
    private var pending: [Piece] = []
    private var pendingBytes = 0

    /// Everything up to the FIN has been delivered (or declared missing).
    var isFinished: Bool {
        guard let finOffset else { return false }
        return nextOffset >= finOffset
    }

    var hasPending: Bool { !pending.isEmpty }

    /// Out-of-order bytes waiting here.
    var bufferedBytes: Int { pendingBytes }

    mutating func synchronize(initialSequence: UInt32) {
        self.initialSequence = initialSequence
        synchronize(nextSequence: initialSequence &+ 1)
    }

    /// Starts the stream at `nextSequence` when the SYN was not seen (mid-stream capture).
    mutating func synchronize(nextSequence: UInt32) {
        isSynchronized = true
        self.nextSequence = nextSequence
        nextOffset = 0
    }

    /// Whether this stream begins right after a SYN with this initial sequence number: then that
    /// SYN is a retransmission, or arrived after its SYN-ACK, not a new connection.
    func startsRight(after initialSequence: UInt32) -> Bool {
        isSynchronized && offset(of: initialSequence &+ 1) == 0
    }

    /// Stream offset of a sequence number: the signed 32-bit distance from the next expected
    /// one, which is right across wraparound as long as the two are within 2 GiB.
    func offset(of sequence: UInt32) -> Int64 {
        nextOffset + Int64(Int32(bitPattern: sequence &- nextSequence))
    }

    /// Takes a segment's payload (starting at `sequence`) and its FIN, emitting whatever becomes
    /// deliverable.
    mutating func receive(
        sequence: UInt32, payload: ByteBuffer, fin: Bool, stamp: Stamp, limits: Limits, statistics: inout TCPReassemblyStatistics,
        events: inout [TCPReassemblyEvent]
    ) {
        let segmentStart = offset(of: sequence)
        var end = segmentStart + Int64(payload.readableBytes)
        if fin, finOffset == nil, end >= nextOffset {
            finOffset = end
            statistics.bytesAfterFin += dropPending(from: end)
        }
        if let finOffset, end > finOffset {
            statistics.bytesAfterFin += end - max(finOffset, segmentStart)
            end = max(finOffset, segmentStart)
        }
        guard end > nextOffset else {
            statistics.duplicateBytes += max(0, end - segmentStart)
            return
        }
        let start = max(segmentStart, nextOffset)
        statistics.duplicateBytes += start - segmentStart
        if start == nextOffset, pending.isEmpty,
            let bytes = payload.getSlice(at: payload.readerIndex + Int(start - segmentStart), length: Int(end - start))
        {
            // The common case, in order with nothing waiting: straight through, no copy.
            deliver(bytes, stamp: stamp, events: &events)
            return
        }
        insertUncovered(start..<end, of: payload, at: segmentStart, statistics: &statistics)
        deliverReady(stamp: stamp, events: &events)
        while pendingBytes > limits.maxBufferedBytes || pending.count > limits.maxBufferedSegments {
            skipToFirstPiece(cause: .bufferLimit, stamp: stamp, statistics: &statistics, events: &events)
            deliverReady(stamp: stamp, events: &events)
        }
    }

    /// Gives up on the first hole, as an overflow of the buffer does: a gap, then what waited
    /// behind it is delivered. For a limit shared by all connections.
    mutating func giveUpFirstHole(stamp: Stamp, statistics: inout TCPReassemblyStatistics, events: inout [TCPReassemblyEvent]) {
        skipToFirstPiece(cause: .bufferLimit, stamp: stamp, statistics: &statistics, events: &events)
        deliverReady(stamp: stamp, events: &events)
    }

    /// Gives up on every hole: what is waiting is delivered after gaps, and a hole before a
    /// seen FIN is reported too. Called when the connection ends.
    mutating func flush(stamp: Stamp, statistics: inout TCPReassemblyStatistics, events: inout [TCPReassemblyEvent]) {
        while !pending.isEmpty {
            skipToFirstPiece(cause: .connectionEnded, stamp: stamp, statistics: &statistics, events: &events)
            deliverReady(stamp: stamp, events: &events)
        }
        if let finOffset, nextOffset < finOffset {
            declareGap(upTo: finOffset, cause: .connectionEnded, stamp: stamp, statistics: &statistics, events: &events)
        }
    }

    /// Drops every waiting byte, delivering nothing; returns how many. For a connection closed
    /// or forgotten, whose waiting bytes must leave the reassembler's total with it.
    mutating func discardPending() -> Int {
        let dropped = pendingBytes
        pending.removeAll()
        pendingBytes = 0
        return dropped
    }

    /// Drops the waiting bytes at or past `offset`, a FIN's just learnt: they arrived before the
    /// FIN, so were not cut then, and nothing would ever deliver or free them. Returns how many.
    private mutating func dropPending(from offset: Int64) -> Int64 {
        let first = firstPiece(endingAfter: offset)
        guard first < pending.count else { return 0 }
        var dropped = 0
        if pending[first].offset < offset {
            // Straddles the FIN: keep the part before it.
            let keep = Int(offset - pending[first].offset)
            dropped += pending[first].bytes.readableBytes - keep
            pending[first].bytes.moveWriterIndex(to: pending[first].bytes.readerIndex + keep)
        }
        let whole = pending[first].offset < offset ? first + 1 : first
        dropped += pending[whole...].reduce(0) { $0 + $1.bytes.readableBytes }
        pending.removeSubrange(whole...)
        pendingBytes -= dropped
        return Int64(dropped)
    }

    /// Adds the parts of `range` no earlier segment covered. A part that is not deliverable at
    /// once is copied, so a waiting piece never pins a whole captured packet's storage.
    private mutating func insertUncovered(
        _ range: Range<Int64>, of payload: ByteBuffer, at payloadOffset: Int64, statistics: inout TCPReassemblyStatistics
    ) {
        var index = firstPiece(endingAfter: range.lowerBound)
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            if index < pending.count, pending[index].offset <= cursor {
                let coveredEnd = min(range.upperBound, pending[index].end)
                statistics.duplicateBytes += coveredEnd - cursor
                cursor = coveredEnd
                index += 1
                continue
            }
            let stop = index < pending.count ? min(pending[index].offset, range.upperBound) : range.upperBound
            let at = payload.readerIndex + Int(cursor - payloadOffset)
            guard var bytes = payload.getSlice(at: at, length: Int(stop - cursor)) else { return }
            if cursor != nextOffset {
                var copy = ByteBufferAllocator().buffer(capacity: bytes.readableBytes)
                copy.writeImmutableBuffer(bytes)
                bytes = copy
            }
            pending.insert(Piece(offset: cursor, bytes: bytes), at: index)
            pendingBytes += bytes.readableBytes
            index += 1
            cursor = stop
        }
    }

    /// Index of the first piece ending after `offset` (pieces are sorted and disjoint, so their
    /// ends are sorted too).
    private func firstPiece(endingAfter offset: Int64) -> Int {
        pending.partitionIndex { $0.end > offset }
    }

    private mutating func deliverReady(stamp: Stamp, events: inout [TCPReassemblyEvent]) {
        var delivered = 0
        // `<=` rather than `==`: should a piece ever start behind, its new tail is still
        // delivered and the piece removed, so every caller's loop makes progress.
        while delivered < pending.count, pending[delivered].offset <= nextOffset {
            var piece = pending[delivered]
            pendingBytes -= piece.bytes.readableBytes
            delivered += 1
            let behind = Int(nextOffset - piece.offset)
            guard behind < piece.bytes.readableBytes else { continue }
            piece.bytes.moveReaderIndex(forwardBy: behind)
            deliver(piece.bytes, stamp: stamp, events: &events)
        }
        pending.removeFirst(delivered)
    }

    /// Emits bytes that start at `nextOffset` and moves past them.
    private mutating func deliver(_ bytes: ByteBuffer, stamp: Stamp, events: inout [TCPReassemblyEvent]) {
        events.append(
            .data(
                TCPStreamData(
                    connection: stamp.connection, direction: stamp.direction, offset: nextOffset, bytes: bytes, timestamp: stamp.timestamp,
                    packetNumber: stamp.packetNumber)))
        advance(to: nextOffset + Int64(bytes.readableBytes))
    }

    private mutating func skipToFirstPiece(
        cause: TCPStreamGap.Cause, stamp: Stamp, statistics: inout TCPReassemblyStatistics, events: inout [TCPReassemblyEvent]
    ) {
        guard let first = pending.first else { return }
        declareGap(upTo: first.offset, cause: cause, stamp: stamp, statistics: &statistics, events: &events)
    }

    private mutating func declareGap(
        upTo offset: Int64, cause: TCPStreamGap.Cause, stamp: Stamp, statistics: inout TCPReassemblyStatistics,
        events: inout [TCPReassemblyEvent]
    ) {
        guard offset > nextOffset else { return }
        let gap = TCPStreamGap(
            connection: stamp.connection, direction: stamp.direction, offset: nextOffset, sequence: nextSequence, length: offset - nextOffset,
            cause: cause, timestamp: stamp.timestamp, packetNumber: stamp.packetNumber)
        statistics.gaps += 1
        statistics.gapBytes += gap.length
        events.append(.gap(gap))
        advance(to: offset)
    }

    private mutating func advance(to offset: Int64) {
        nextSequence &+= UInt32(truncatingIfNeeded: offset - nextOffset)
        nextOffset = offset
    }
}
