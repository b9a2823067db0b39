import Foundation
import Testing

/// `shakedown replay` on broken files as a user meets them: a clear error with the file,
/// packet and byte offset, the part before it still read (and replayed), no crash.
@Suite struct ReplayBadInputTests {
    static func fixture(_ name: String) -> URL { PackagePaths.root.appendingPathComponent("Fixtures/pcap/\(name)") }

    @Test func aCaptureCutMidPacketIsReadUpToTheCutAndSaysWhere() throws {
        let summary = try ShakedownReplay.run(Self.fixture("cut-mid-packet.pcap"), ["--summary"])
        #expect(summary.status == 2, "\(summary.output)")
        #expect(summary.output.contains("1 client→server"), "\(summary.output)")
        #expect(summary.output.contains("packet 5 at offset 310: the file is cut short"), "\(summary.output)")

        // Replayed: the PING before the cut reaches the node and is answered as captured.
        let node = try ServerProcess.shakedown()
        let replay = try ShakedownReplay.run(
            Self.fixture("cut-mid-packet.pcap"), ["--target", "127.0.0.1:\(node.port)", "--speed", "max", "--compare"])
        #expect(replay.status == 2, "\(replay.output)")
        #expect(replay.output.contains("replayed 1 requests"), "\(replay.output)")
        #expect(replay.output.contains("stopped reading:"), "\(replay.output)")
    }

    @Test(arguments: [
        ("not-a-capture.txt", "offset 0: not a pcap or pcapng capture: it starts with text"),
        ("empty.pcap", "offset 0: empty file (0 bytes)"),
    ])
    func aFileThatIsNoCaptureIsRefusedWithWhy(name: String, message: String) throws {
        let run = try ShakedownReplay.run(Self.fixture(name), ["--summary"])
        #expect(run.status == 64, "\(run.output)")
        #expect(run.output.contains(message), "\(run.output)")
    }

    @Test func malformedPacketsAreCountedAndReadingGoesOn() throws {
        let run = try ShakedownReplay.run(Self.fixture("malformed-packets.pcap"), ["--summary"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("problems: 8"), "\(run.output)")
        #expect(run.output.contains("(packet 2): at file offset 94: IPv4 header length 16"), "\(run.output)")
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let noTarget = try ShakedownReplay.run(Self.fixture("ethernet.pcap"), [])
        #expect(noTarget.status == 64, "\(noTarget.output)")
        #expect(noTarget.output.contains("--target"), "\(noTarget.output)")
        let badSpeed = try ShakedownReplay.run(Self.fixture("ethernet.pcap"), ["--target", "127.0.0.1:1", "--speed", "fast"])
        #expect(badSpeed.status == 64, "\(badSpeed.output)")
        #expect(badSpeed.output.contains("not a speed"), "\(badSpeed.output)")
    }
}
