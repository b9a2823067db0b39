import Capture
import Foundation
import NIOCore

/// A synthesized connection written to a pcap, remembering what each side sent so the test can
/// compare it with what tshark follows.
struct RecordedConnection {
    var synthesizer: TCPStreamSynthesizer
    var clientSent: [UInt8] = []
    var serverSent: [UInt8] = []

    init(client: TCPEndpoint, server: TCPEndpoint, maximumSegmentSize: Int = 1460, clientInitialSequence: UInt32? = nil) throws {
        synthesizer = try TCPStreamSynthesizer(
            client: client, server: server, maximumSegmentSize: maximumSegmentSize, clientInitialSequence: clientInitialSequence)
    }

    mutating func open(_ writer: PcapWriter, at time: Int64) throws {
        try writer.write(synthesizer.open(atNanoseconds: time))
    }

    mutating func send(_ bytes: [UInt8], from side: TCPStreamSynthesizer.Side, _ writer: PcapWriter, at time: Int64) throws {
        try writer.write(synthesizer.send(ByteBuffer(bytes: bytes), from: side, atNanoseconds: time))
        if side == .client { clientSent += bytes } else { serverSent += bytes }
    }

    mutating func close(from side: TCPStreamSynthesizer.Side, _ writer: PcapWriter, at time: Int64) throws {
        try writer.write(synthesizer.close(from: side, atNanoseconds: time))
    }

    mutating func reset(from side: TCPStreamSynthesizer.Side, _ writer: PcapWriter, at time: Int64) throws {
        try writer.write(synthesizer.reset(from: side, atNanoseconds: time))
    }
}

/// A fresh directory under the system's temporary one, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("capture-writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
