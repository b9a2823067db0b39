import Capture
import Foundation
import NIOCore

/// The crafted captures of Fixtures/pcap (made by make_fixtures.py, real ones by
/// capture_loopback.py). Found through SHAKEDOWN_FIXTURES (the Fixtures folder) or by walking up
/// from this file to a folder holding Fixtures/pcap, so symlinked scratch packages work too.
enum PcapFixtures {
    static func path(_ name: String, from source: String = #filePath) -> String {
        if let root = ProcessInfo.processInfo.environment["SHAKEDOWN_FIXTURES"] {
            return "\(root)/pcap/\(name)"
        }
        var folder = URL(fileURLWithPath: source).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("Fixtures/pcap")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.appendingPathComponent(name).path }
            folder.deleteLastPathComponent()
        }
        return "Fixtures/pcap/\(name)"  // not found: the test's error will name it
    }

    /// Every packet of a fixture, failing the test on a reading error.
    static func packets(_ name: String) throws -> [CapturedPacket] {
        let reader = try PcapFileReader(path: path(name))
        var packets: [CapturedPacket] = []
        while let packet = try reader.next() { packets.append(packet) }
        return packets
    }

    /// Every TCP segment of a fixture, with the reader for its counts and problems.
    static func segments(_ name: String, problemsKept: Int = 100) throws -> ([TCPSegment], TCPSegmentReader) {
        let reader = try TCPSegmentReader(path: path(name), problemsKept: problemsKept)
        var segments: [TCPSegment] = []
        while let segment = try reader.next() { segments.append(segment) }
        return (segments, reader)
    }

    /// Reads until the file's error, returning how many packets came before it and the error.
    static func readUntilError(_ name: String) -> (packets: Int, error: CaptureError?) {
        var count = 0
        do throws(CaptureError) {
            let reader = try PcapFileReader(path: path(name))
            while try reader.next() != nil { count += 1 }
            return (count, nil)
        } catch {
            return (count, error)
        }
    }
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
}
