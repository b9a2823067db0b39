import NIOCore

/// The capture time and packet of each data chunk of one direction that a decoder still
/// holds, so a message gets those of its first byte. Chunks before the decoder's next message
/// are forgotten, so this holds about as many entries as undelivered segments.
struct MessageStamps {
    struct Stamp {
        var offset: Int64
        var timestamp: Int64
        var packetNumber: Int
    }

    private var stamps = CircularBuffer<Stamp>(initialCapacity: 4)

    mutating func record(offset: Int64, timestamp: Int64, packetNumber: Int) {
        stamps.append(Stamp(offset: offset, timestamp: timestamp, packetNumber: packetNumber))
    }

    /// The chunk holding `offset` (the last one starting at or before it).
    func stamp(at offset: Int64) -> Stamp? {
        var low = stamps.startIndex
        var high = stamps.endIndex
        // Binary search for the first chunk starting after `offset`.
        while low < high {
            let middle = stamps.index(low, offsetBy: stamps.distance(from: low, to: high) / 2)
            if stamps[middle].offset <= offset { low = stamps.index(after: middle) } else { high = middle }
        }
        guard low != stamps.startIndex else { return stamps.first }
        return stamps[stamps.index(before: low)]
    }

    /// Forgets chunks that end before `offset`.
    mutating func discard(before offset: Int64) {
        while stamps.count >= 2, stamps[stamps.index(after: stamps.startIndex)].offset <= offset {
            stamps.removeFirst()
        }
    }

    mutating func removeAll() { stamps.removeAll() }
}
