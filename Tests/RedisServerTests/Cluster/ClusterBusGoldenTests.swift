import NIOCore
import NIOEmbedded
import Testing

@testable import RedisServer

/// Packets a real redis-server 7.0.15 sent on the cluster bus (Fixtures/cluster-bus,
/// captured by capture.py): they decode to what the node said about itself, and encode
/// back byte for byte.
@Suite struct ClusterBusGoldenTests {
    struct Node {
        var id: ClusterNodeID
        var port: UInt16
        var busPort: UInt16
        var hostname: String?
    }

    static func node(_ key: String) throws -> Node {
        let info = try ClusterFixture.json("cluster-bus/captured.json")
        let n = info[key] as! [String: Any]
        return Node(
            id: ClusterNodeID(n["id"] as! String)!, port: UInt16(n["port"] as! Int), busPort: UInt16(n["cport"] as! Int),
            hostname: n["hostname"] as? String)
    }

    func decode(_ name: String) throws -> (bytes: [UInt8], message: ClusterMessage) {
        let bytes = try ClusterFixture.bytes("cluster-bus/\(name)")
        return (bytes, try ClusterMessage.decode(ByteBuffer(bytes: bytes)))
    }

    /// What every fixture's header says: a master that owns no slot yet (so the state it
    /// reports is fail), no replication, no announced ip, no TLS. (Epochs depend on the
    /// random ids: of two masters at epoch 0, the smaller id bumps.)
    func checkHeader(_ m: ClusterMessage, from node: Node) {
        #expect(m.version == 1)
        #expect(m.sender == node.id)
        #expect(m.port == node.port)
        #expect(m.busPort == node.busPort)
        #expect(m.plaintextPort == 0)
        #expect(m.flags == [.myself, .master])
        #expect(m.replicaOf == nil && m.announcedIP == nil)
        #expect(m.slots.isEmpty)
        #expect(m.state == .fail)
        #expect(m.replicationOffset == 0)
    }

    @Test func meetFromALoneNode() throws {
        let (bytes, m) = try decode("meet-lone.bin")
        let lone = try Self.node("lone")
        #expect(bytes.count == 2256)
        #expect(m.type == .meet)
        checkHeader(m, from: lone)
        #expect(m.messageFlags == [])
        #expect(m.currentEpoch == 0 && m.configEpoch == 0)
        #expect(m.body == .meet(ClusterPingBody()))
        #expect(Array(m.encoded().readableBytesView) == bytes)
    }

    @Test func meetWithGossipAndHostname() throws {
        let (bytes, m) = try decode("meet-gossip.bin")
        let a = try Self.node("a")
        let b = try Self.node("b")
        #expect(m.type == .meet)
        checkHeader(m, from: a)
        #expect(m.messageFlags == [.extensionData])
        let ping = try #require(m.body.pingBody)
        #expect(ping.extensions == [.hostname(a.hostname!)])
        #expect(ping.gossip.count == 1)
        let entry = try #require(ping.gossip.first)
        #expect(entry.node == b.id && entry.ip == "127.0.0.1" && entry.port == b.port && entry.busPort == b.busPort)
        #expect(entry.flags == [.master] && entry.plaintextPort == 0 && entry.pongReceived > 1_600_000_000)
        #expect(bytes.count == 2256 + 104 + 8 + 24)
        #expect(Array(m.encoded().readableBytesView) == bytes)
    }

    @Test func pongAndPing() throws {
        let a = try Self.node("a")
        let (pongBytes, pong) = try decode("pong-gossip.bin")
        #expect(pong.type == .pong)
        checkHeader(pong, from: a)
        #expect(pong.body.pingBody?.extensions == [.hostname(a.hostname!)])
        #expect(pong.body.pingBody?.gossip.map(\.node) == [try Self.node("b").id])
        #expect(Array(pong.encoded().readableBytesView) == pongBytes)

        let (pingBytes, ping) = try decode("ping-hostname.bin")
        #expect(ping.type == .ping)
        checkHeader(ping, from: a)
        #expect(ping.body.pingBody?.extensions == [.hostname(a.hostname!)])
        #expect(Array(ping.encoded().readableBytesView) == pingBytes)
    }

    /// Rebuilt from scratch (not from a decode) with what the lone node knows, our encoder
    /// writes exactly what Redis wrote.
    @Test func encodedFromScratchMatchesRedis() throws {
        let lone = try Self.node("lone")
        let meet = ClusterMessage(
            port: lone.port, sender: lone.id, busPort: lone.busPort, flags: [.myself, .master], state: .fail,
            body: .meet(ClusterPingBody()))
        #expect(Array(meet.encoded().readableBytesView) == (try ClusterFixture.bytes("cluster-bus/meet-lone.bin")))
    }

    /// All four through the frame decoder, in one stream cut into 100-byte pieces.
    @Test func framedStream() throws {
        let names = ["meet-lone.bin", "meet-gossip.bin", "pong-gossip.bin", "ping-hostname.bin"]
        let all = try names.flatMap { try ClusterFixture.bytes("cluster-bus/\($0)") }
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ClusterBusFrameDecoder()))
        var got: [ClusterBusInbound] = []
        for start in stride(from: 0, to: all.count, by: 100) {
            try channel.writeInbound(ByteBuffer(bytes: all[start..<min(start + 100, all.count)]))
            while let item: ClusterBusInbound = try channel.readInbound() { got.append(item) }
        }
        #expect(got == (try names.map { ClusterBusInbound.message(try decode($0).message) }))
        #expect(try channel.finish().isClean)
    }
}
