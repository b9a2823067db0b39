import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Malformed packets on the cluster bus: the node drops that link with a log line and keeps
/// serving clients and its cluster.
@Suite(.serialized) struct ClusterBusAbuseTests {
    /// A 2256-byte header with the given fields; the rest zero.
    private func header(signature: String = "RCmb", totalLength: UInt32, type: UInt16, count: UInt16 = 0) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 2256)
        for (i, b) in signature.utf8.prefix(4).enumerated() { bytes[i] = b }
        bytes[4] = UInt8(totalLength >> 24)
        bytes[5] = UInt8(totalLength >> 16 & 0xff)
        bytes[6] = UInt8(totalLength >> 8 & 0xff)
        bytes[7] = UInt8(totalLength & 0xff)
        bytes[9] = 1  // version
        bytes[12] = UInt8(type >> 8)
        bytes[13] = UInt8(type & 0xff)
        bytes[14] = UInt8(count >> 8)
        bytes[15] = UInt8(count & 0xff)
        for i in 40..<80 { bytes[i] = UInt8(ascii: "a") }  // sender id
        return bytes
    }

    /// Sends `bytes` to the bus port and reports whether the node closed the connection.
    private func send(_ bytes: [UInt8], toBusPort port: Int) throws -> Bool {
        let connection = try RedisConnection(port: port)
        _ = connection.sendRaw(bytes)
        return connection.readUntilClosed(timeoutSeconds: 5).closed
    }

    @Test func malformedPacketsDropTheLinkAndTheNodeKeepsServing() throws {
        let cluster = try ClusterNodes(count: 1)
        let busPort = cluster.busPorts[0]
        let cases: [(String, [UInt8])] = [
            ("bad signature", header(signature: "XXXX", totalLength: 2256, type: 0)),
            ("short length", header(totalLength: 100, type: 0)),
            ("length larger than the packet says (gossip count lies)", header(totalLength: 2256, type: 0, count: 3)),
            ("FAIL without its body", header(totalLength: 2256, type: 3)),
            ("unknown type", header(totalLength: 2256, type: 77)),
            ("garbage", Array(repeating: 0xFF, count: 4096)),
        ]
        for (name, bytes) in cases {
            #expect(try send(bytes, toBusPort: busPort), "link not dropped on \(name)")
        }
        // Half a packet, then the peer goes away: nothing to do but forget it.
        do {
            let half = try RedisConnection(port: busPort)
            _ = half.sendRaw(Array(header(totalLength: 2256, type: 0).prefix(1000)))
        }

        #expect(try cluster.connect(0).send(["ping"]) == .simpleString("PONG"))
        #expect(try cluster.info(0, "cluster_known_nodes") == "1")
        let log = cluster.servers[0]!.output
        #expect(log.contains("malformed packet"), "\(log)")
        #expect(cluster.servers[0]!.isRunning)
    }
}
