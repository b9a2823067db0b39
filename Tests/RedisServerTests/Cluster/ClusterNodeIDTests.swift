import NIOCore
import Testing

@testable import RedisServer

@Suite struct ClusterNodeIDTests {
    let text = "9d249177e04c973ae85b31d7beb0551f115859df"

    @Test func validation() {
        #expect(ClusterNodeID(text)?.description == text)
        #expect(ClusterNodeID(text.dropLast()) == nil)
        #expect(ClusterNodeID(text + "0") == nil)
        #expect(ClusterNodeID(text.uppercased()) == nil)  // verifyClusterNodeId: a-z, 0-9 only
        #expect(ClusterNodeID(String(repeating: "z", count: 40)) != nil)  // not just hex
        #expect(ClusterNodeID(String(repeating: "-", count: 40)) == nil)
    }

    @Test func wireBytesAreKeptAsIs() {
        var bytes = Array(text.utf8)
        bytes[3] = 0xFF
        let id = bytes.withUnsafeBytes { ClusterNodeID(wireBytes: $0) }
        #expect(id.bytes == bytes)
        #expect(!id.isValid)
        #expect(ClusterNodeID(text)!.isValid)
        var buffer = ByteBuffer()
        id.write(to: &buffer)
        #expect(buffer.readableBytesView.elementsEqual(bytes))
        #expect(ClusterNodeID(buffer: buffer, at: 0) == id)
        #expect(ClusterNodeID(buffer: buffer, at: 1) == nil)
        #expect(ClusterNodeID.zero.isZero && ClusterNodeID.zero.bytes == Array(repeating: 0, count: 40))
    }

    /// `<` is memcmp order, which breaks configEpoch collisions.
    @Test func orderIsMemcmp() {
        var rng = SystemRandomNumberGenerator()
        let ids = (0..<200).map { _ in ClusterNodeID.random(using: &rng) }
        let byBytes = ids.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        #expect(ids.sorted() == byBytes)
        let a = ClusterNodeID("0000000000000000000000000000000000000001")!
        let b = ClusterNodeID("0000000000000000000000000000000000000002")!
        let c = ClusterNodeID("1000000000000000000000000000000000000000")!
        #expect(a < b && b < c && !(b < a))
    }

    @Test func randomIDsAreLowercaseHex() {
        for _ in 0..<50 {
            let id = ClusterNodeID.random()
            #expect(id.isValid)
            #expect(id.description.allSatisfy { "0123456789abcdef".contains($0) })
        }
        #expect(ClusterNodeID.random() != ClusterNodeID.random())
    }
}
