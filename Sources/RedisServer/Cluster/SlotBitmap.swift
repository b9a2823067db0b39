import NIOCore

/// A set of hash slots (0..<16384) with Redis's bitmap layout: 2048 bytes, slot `s` is bit
/// `s & 7` of byte `s / 8` (least significant bit first), as in `myslots` of the bus header,
/// UPDATE messages and `clusterNode.slots`.
///
/// Stored as 256 words; word `w` holds bytes `8w..<8w+8` little-endian, so slot `s` is bit
/// `s & 63` of word `s >> 6` and the byte layout above is the words' memory in little-endian.
public struct SlotBitmap: Hashable, Sendable, Sequence {
    /// Number of slots (bits).
    public static let slotCount = KeySlot.count
    /// Size of the wire form.
    public static let byteCount = slotCount / 8
    static let wordCount = slotCount / 64

    var words: [UInt64]

    /// No slot.
    public init() { words = Array(repeating: 0, count: Self.wordCount) }

    /// Every slot in `ranges`, which must lie in 0..<16384.
    public init(ranges: some Sequence<ClosedRange<Int>>) {
        self.init()
        for range in ranges { insert(range) }
    }

    /// From the 2048-byte wire form.
    public init(wireBytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count == Self.byteCount, "a slot bitmap is \(Self.byteCount) bytes")
        words = (0..<Self.wordCount).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
    }

    /// The 2048-byte wire form.
    public var wireBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        out.withUnsafeMutableBytes { raw in
            for (i, word) in words.enumerated() { raw.storeBytes(of: word.littleEndian, toByteOffset: i * 8, as: UInt64.self) }
        }
        return out
    }

    /// Appends the 2048-byte wire form.
    public func write(to buffer: inout ByteBuffer) {
        for word in words { buffer.writeInteger(word, endianness: .little) }
    }

    /// Reads the 2048-byte wire form at `index` (absolute), or nil when the buffer is short.
    public init?(buffer: ByteBuffer, at index: Int) {
        guard let view = buffer.viewBytes(at: index, length: Self.byteCount) else { return nil }
        self = view.withUnsafeBytes { SlotBitmap(wireBytes: $0) }
    }

    @inline(__always)
    public func contains(_ slot: Int) -> Bool {
        words[slot &>> 6] & (1 &<< UInt64(slot & 63)) != 0
    }

    /// Adds `slot`; true if it was not there.
    @discardableResult
    public mutating func insert(_ slot: Int) -> Bool {
        precondition(slot >= 0 && slot < Self.slotCount, "slot \(slot) out of range")
        let bit: UInt64 = 1 &<< UInt64(slot & 63)
        let old = words[slot &>> 6]
        words[slot &>> 6] = old | bit
        return old & bit == 0
    }

    /// Adds every slot of `range`.
    public mutating func insert(_ range: ClosedRange<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound < Self.slotCount, "slots \(range) out of range")
        for slot in range { insert(slot) }
    }

    /// Removes `slot`; true if it was there.
    @discardableResult
    public mutating func remove(_ slot: Int) -> Bool {
        precondition(slot >= 0 && slot < Self.slotCount, "slot \(slot) out of range")
        let bit: UInt64 = 1 &<< UInt64(slot & 63)
        let old = words[slot &>> 6]
        words[slot &>> 6] = old & ~bit
        return old & bit != 0
    }

    /// Removes every slot.
    public mutating func removeAll() {
        for i in words.indices { words[i] = 0 }
    }

    /// Number of slots set (Redis's `numslots`).
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public func union(_ other: SlotBitmap) -> SlotBitmap {
        var out = self
        for i in out.words.indices { out.words[i] |= other.words[i] }
        return out
    }

    public func subtracting(_ other: SlotBitmap) -> SlotBitmap {
        var out = self
        for i in out.words.indices { out.words[i] &= ~other.words[i] }
        return out
    }

    public func intersection(_ other: SlotBitmap) -> SlotBitmap {
        var out = self
        for i in out.words.indices { out.words[i] &= other.words[i] }
        return out
    }

    /// The set slots as maximal runs in ascending order: what CLUSTER NODES prints (`A-B`,
    /// or `N` for a run of one), and what redis-cli compares across nodes.
    public var ranges: [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var start = -1
        var previous = -2
        for slot in self {
            if slot != previous + 1 {
                if start >= 0 { out.append(start...previous) }
                start = slot
            }
            previous = slot
        }
        if start >= 0 { out.append(start...previous) }
        return out
    }

    /// The set slots in ascending order.
    public func makeIterator() -> Iterator { Iterator(words: words) }

    public struct Iterator: IteratorProtocol {
        let words: [UInt64]
        var index = 0
        var current: UInt64

        init(words: [UInt64]) {
            self.words = words
            current = words[0]
        }

        public mutating func next() -> Int? {
            while current == 0 {
                index += 1
                if index >= words.count { return nil }
                current = words[index]
            }
            let bit = current.trailingZeroBitCount
            current &= current &- 1
            return index &<< 6 | bit
        }
    }
}

extension SlotBitmap: CustomStringConvertible {
    /// The runs as CLUSTER NODES prints them: `0-5460 5462`.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: " ")
    }
}
