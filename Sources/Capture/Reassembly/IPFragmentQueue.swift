import NIOCore

/// Where a fragment was read, for the packet number and time a datagram carries and for
/// problems reported about it.
struct IPFragmentOrigin {
    var packetNumber: Int
    var timestamp: Int64
    var fileOffset: Int64?
}

/// The fragments of one datagram received so far. A class so the reassembler's dictionary
/// entry is updated in place.
final class IPFragmentQueue {
    /// Received bytes, sorted by offset and disjoint; a fragment that continues the piece
    /// before it is appended to it, so a datagram arriving in order is one piece.
    private struct Piece {
        var offset: Int
        var bytes: ByteBuffer
        var end: Int { offset + bytes.readableBytes }
    }

    /// Creation order: the oldest queue is the first dropped when limits are reached.
    let serial: Int
    let key: IPFragmentKey
    let first: IPFragmentOrigin
    private(set) var last: IPFragmentOrigin
    private var pieces: [Piece] = []
    private(set) var receivedBytes = 0
    private(set) var fragmentCount = 0
    /// Length of the fragmentable part, known once the last fragment (no more to follow) came.
    private(set) var length: Int?
    /// End of the furthest byte received.
    private(set) var highestEnd = 0
    /// The next header of the fragment at offset 0 (what the reassembled part starts with).
    private(set) var nextHeader: UInt8?
    /// Dropped as malformed: later fragments are ignored until the queue expires.
    private(set) var failed = false

    init(serial: Int, key: IPFragmentKey, origin: IPFragmentOrigin) {
        self.serial = serial
        self.key = key
        self.first = origin
        self.last = origin
    }

    var isComplete: Bool { !failed && length == receivedBytes }

    /// Memory charged for what is held: the bytes plus, per piece, its record and its buffer's
    /// header and allocation, which for 8-byte fragments cost far more than the bytes.
    var chargedBytes: Int { receivedBytes + pieces.count * IPFragmentReassembler.bytesChargedPerPiece }

    /// Why `fragment` cannot belong with what is here (lengths that disagree), or nil.
    func inconsistency(of fragment: IPFragment) -> String? {
        if fragment.moreFragments {
            if let length, fragment.end > length {
                return "\(fragment.summary) reaches byte \(fragment.end), past the datagram's end at \(length)"
            }
        } else if let length, length != fragment.end {
            return "\(fragment.summary) ends the datagram at byte \(fragment.end), an earlier last fragment at \(length)"
        } else if fragment.end < highestEnd {
            return "\(fragment.summary) ends the datagram at byte \(fragment.end), but bytes up to \(highestEnd) were received"
        }
        return nil
    }

    /// Keeps the bytes of `fragment` that no earlier fragment brought, copied so a waiting
    /// piece never pins a whole captured packet. Overlaps keep the first-received data, as
    /// Wireshark and the BSD and Windows stacks do (modern Linux, and RFC 5722 for IPv6, drop
    /// such a datagram instead; a capture reader would rather keep what it can). Returns the
    /// bytes stored and those dropped as already received.
    func insert(_ fragment: IPFragment, origin: IPFragmentOrigin) -> (stored: Int, overlapping: Int) {
        fragmentCount += 1
        last = origin
        if !fragment.moreFragments { length = fragment.end }
        if fragment.offset == 0, nextHeader == nil { nextHeader = fragment.nextHeader }
        highestEnd = max(highestEnd, fragment.end)
        var stored = 0
        var cursor = fragment.offset
        // Binary search: a datagram may come in thousands of 8-byte fragments.
        var index = pieces.partitionIndex { $0.end > cursor }
        while cursor < fragment.end {
            if index < pieces.count, pieces[index].offset <= cursor {
                cursor = min(fragment.end, pieces[index].end)
                index += 1
                continue
            }
            let stop = index < pieces.count ? min(pieces[index].offset, fragment.end) : fragment.end
            guard let slice = fragment.bytes.getSlice(at: fragment.bytes.readerIndex + cursor - fragment.offset, length: stop - cursor) else { break }
            if index > 0, pieces[index - 1].end == cursor {
                // Continues the piece before: appended (amortized growth), no new piece.
                pieces[index - 1].bytes.writeImmutableBuffer(slice)
            } else {
                var copy = ByteBufferAllocator().buffer(capacity: slice.readableBytes)
                copy.writeImmutableBuffer(slice)
                pieces.insert(Piece(offset: cursor, bytes: copy), at: index)
                index += 1
            }
            stored += slice.readableBytes
            cursor = stop
        }
        receivedBytes += stored
        return (stored, fragment.bytes.readableBytes - stored)
    }

    /// The fragmentable part in one buffer, once complete.
    func assemble() -> ByteBuffer {
        var whole = ByteBufferAllocator().buffer(capacity: receivedBytes)
        for piece in pieces { whole.writeImmutableBuffer(piece.bytes) }
        return whole
    }

    /// Drops what is held; returns the bytes freed (as charged).
    func fail() -> Int {
        let freed = chargedBytes
        failed = true
        pieces = []
        receivedBytes = 0
        return freed
    }

    /// `1480 bytes in 1 fragment (packets 4 to 4) of 3000`, for messages.
    var progress: String {
        let fragments = fragmentCount == 1 ? "1 fragment" : "\(fragmentCount) fragments"
        let of = length.map { "of \($0)" } ?? "(the last fragment not seen)"
        return "\(receivedBytes) bytes in \(fragments) (packets \(first.packetNumber) to \(last.packetNumber)) \(of)"
    }
}
