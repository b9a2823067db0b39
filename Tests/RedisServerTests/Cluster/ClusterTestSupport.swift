import Foundation
import NIOCore

@testable import RedisServer

/// Builders shared by the cluster wire tests.
enum ClusterSamples {
    static let a = ClusterNodeID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")!
    static let b = ClusterNodeID("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")!
    static let c = ClusterNodeID("0123456789abcdef0123456789abcdef01234567")!

    static func message(_ body: ClusterMessage.Body) -> ClusterMessage {
        ClusterMessage(
            port: 7000, currentEpoch: 0x0102_0304_0506_0708, configEpoch: 42, replicationOffset: 1_000_000,
            sender: a, slots: SlotBitmap(ranges: [0...5460, 16383...16383]), replicaOf: nil, announcedIP: nil,
            plaintextPort: 0, busPort: 17000, flags: [.master, .myself], state: .ok, messageFlags: [], body: body)
    }

    static let gossipB = ClusterGossipEntry(
        node: b, pingSent: 1_700_000_000, pongReceived: 1_700_000_001, ip: "10.0.0.2", port: 7001, busPort: 17001,
        flags: [.slave, .pfail], plaintextPort: 6001)

    /// One of each body, in every interesting shape.
    static var everyBody: [ClusterMessage.Body] {
        [
            .ping(ClusterPingBody()),
            .ping(ClusterPingBody(gossip: [gossipB], extensions: [.hostname("node-a.example")])),
            .pong(ClusterPingBody(gossip: [gossipB, gossipB], extensions: [])),
            .meet(ClusterPingBody(extensions: [.hostname("x"), .unknown(type: 7, data: [1, 2, 3, 4, 5, 6, 7, 8])])),
            .meet(ClusterPingBody(extensions: [.hostname("exactly8")])),  // 8 chars + NUL -> 16
            .fail(node: b),
            .publish(channel: Bytes("news"), message: Bytes("hello")),
            .publish(channel: Bytes(""), message: Bytes([0, 255, 13, 10])),
            .publishShard(channel: Bytes("{s}ch"), message: Bytes(String(repeating: "m", count: 300))),
            .failoverAuthRequest, .failoverAuthAck, .mfStart,
            .update(configEpoch: 9, node: c, slots: SlotBitmap(ranges: [100...200])),
            .module(moduleID: 0x1122_3344_5566_7788, type: 3, payload: [9, 8, 7]),
            .module(moduleID: 1, type: 0, payload: []),
            .unknown(type: 11, payload: []),
            .unknown(type: 0xBEEF, payload: [1, 2, 3]),
        ]
    }

    static func bytes(_ message: ClusterMessage) -> [UInt8] {
        Array(message.encoded().readableBytesView)
    }
}

/// A zeroed byte array written at explicit offsets: an independent picture of the wire.
struct WireBytes {
    var bytes: [UInt8]
    init(count: Int) { bytes = Array(repeating: 0, count: count) }

    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.bigEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
    }
    mutating func put(_ raw: [UInt8], at offset: Int) {
        for (i, b) in raw.enumerated() { bytes[offset + i] = b }
    }
    mutating func put(_ text: String, at offset: Int) { put(Array(text.utf8), at: offset) }
}

/// The committed fixtures written by a real redis-server 7.0 (`Fixtures/cluster-bus`,
/// `Fixtures/nodes-conf`; each folder has the script that regenerates it).
enum ClusterFixture {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ path: String) throws -> [UInt8] {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RDBFixture.FixtureError("missing fixture \(url.path) (regenerate with the capture.py next to it)")
        }
        return [UInt8](data)
    }

    static func text(_ path: String) throws -> String { String(decoding: try bytes(path), as: UTF8.self) }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try bytes(path))) as! [String: Any]
    }
}
