import NIOCore
import Testing

@testable import RedisServer

@Suite struct ClusterSlotBitmapTests {
    @Test func wireLayoutIsLSBFirstPerByte() {
        var map = SlotBitmap()
        map.insert(0)  // byte 0 bit 0
        map.insert(9)  // byte 1 bit 1
        map.insert(16383)  // byte 2047 bit 7
        map.insert(64 + 7)  // byte 8 bit 7
        let bytes = map.wireBytes
        #expect(bytes.count == 2048)
        #expect(bytes[0] == 0x01)
        #expect(bytes[1] == 0x02)
        #expect(bytes[8] == 0x80)
        #expect(bytes[2047] == 0x80)
        #expect(bytes.enumerated().filter { $0.element != 0 }.map(\.offset) == [0, 1, 8, 2047])
        // Redis's bitmapTestBit, on the bytes.
        for s in [0, 9, 71, 16383, 1, 8, 16382] {
            #expect((bytes[s / 8] & (1 << (s & 7)) != 0) == map.contains(s), "slot \(s)")
        }
        #expect(bytes.withUnsafeBytes { SlotBitmap(wireBytes: $0) } == map)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0xAA))
        map.write(to: &buffer)
        #expect(buffer.readableBytes == 2049)
        #expect(SlotBitmap(buffer: buffer, at: 1) == map)
        #expect(SlotBitmap(buffer: buffer, at: 2) == nil)
    }

    @Test func setClearTestCount() {
        var map = SlotBitmap()
        #expect(map.isEmpty && map.count == 0)
        let first = map.insert(5)
        let again = map.insert(5)
        let other = map.insert(6000)
        #expect(first && !again && other)
        #expect(map.count == 2 && !map.isEmpty)
        #expect(map.contains(5) && map.contains(6000) && !map.contains(6))
        let removed = map.remove(5)
        let removedAgain = map.remove(5)
        #expect(removed && !removedAgain)
        #expect(Array(map) == [6000])
        map.insert(0...16383)
        #expect(map.count == 16384)
        map.removeAll()
        #expect(map.isEmpty)
    }

    @Test func iterationAndRuns() {
        let map = SlotBitmap(ranges: [0...5460, 5462...5462, 10000...10001, 16383...16383])
        #expect(map.ranges == [0...5460, 5462...5462, 10000...10001, 16383...16383])
        #expect(map.description == "0-5460 5462 10000-10001 16383")
        #expect(map.count == 5461 + 1 + 2 + 1)
        #expect(Array(map).prefix(3) == [0, 1, 2])
        #expect(Array(map).suffix(4) == [5462, 10000, 10001, 16383])
        // Adjacent ranges merge into one maximal run; word boundaries don't split runs.
        #expect(SlotBitmap(ranges: [0...63, 64...127, 200...200, 201...300]).ranges == [0...127, 200...300])
        #expect(SlotBitmap().ranges == [])
        #expect(SlotBitmap(ranges: [0...16383]).ranges == [0...16383])
        var it = SlotBitmap(ranges: [3...3]).makeIterator()
        let pulled = [it.next(), it.next(), it.next()]
        #expect(pulled == [3, nil, nil])
    }

    @Test func randomSetsMatchASetOfInts() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var map = SlotBitmap()
            var reference = Set<Int>()
            for _ in 0..<Int.random(in: 0...3000, using: &rng) {
                let s = Int.random(in: 0..<16384, using: &rng)
                if Bool.random(using: &rng) {
                    let (inserted, expected) = (map.insert(s), reference.insert(s).inserted)
                    #expect(inserted == expected)
                } else {
                    let (removed, expected) = (map.remove(s), reference.remove(s) != nil)
                    #expect(removed == expected)
                }
            }
            #expect(Array(map) == reference.sorted())
            #expect(map.count == reference.count)
            #expect(map.ranges.flatMap { Array($0) } == reference.sorted())
            for (a, b) in zip(map.ranges, map.ranges.dropFirst()) { #expect(a.upperBound + 1 < b.lowerBound) }
            #expect(SlotBitmap(ranges: map.ranges) == map)
        }
    }

    @Test func setAlgebra() {
        let a = SlotBitmap(ranges: [0...10])
        let b = SlotBitmap(ranges: [5...15])
        #expect(a.union(b).ranges == [0...15])
        #expect(a.intersection(b).ranges == [5...10])
        #expect(a.subtracting(b).ranges == [0...4])
    }
}
