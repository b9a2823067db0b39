import Capture
import Foundation
import NIOCore
import Testing

/// Reading records through libpcap: pcap and pcapng, timestamps, and the errors of files that
/// are cut short, corrupt or not captures at all.
@Suite struct PcapFileReaderTests {
    static let base: Int64 = 1_700_000_000 * 1_000_000

    @Test func readsPcapRecordsWithNumbersTimestampsAndLengths() throws {
        let packets = try PcapFixtures.packets("ethernet.pcap")
        #expect(packets.map(\.number) == Array(1...8))
        #expect(packets.allSatisfy { $0.linkType == .ethernet && $0.originalLength == $0.data.readableBytes })
        #expect(packets.map(\.timestamp) == (0..<8).map { Self.base + Int64($0) * 1000 })
        #expect(packets[0].data.readableBytes == 42)  // the ARP frame
    }

    /// libpcap reports DLT_ values; the reader gives the file's LINKTYPE_ (RAW is 101, DLT_RAW 12).
    @Test(arguments: [
        ("null-little-endian.pcap", LinkType.null), ("loop.pcap", .loop), ("raw.pcap", .raw), ("linux-sll.pcap", .linuxSLL),
        ("linux-sll2-ipv6.pcap", .linuxSLL2), ("ipv4.pcap", .ipv4), ("ipv6.pcap", .ipv6), ("unknown-block.pcapng", .ethernet),
    ])
    func linkTypeIsTheFilesLinkType(file: String, linkType: LinkType) throws {
        #expect(try PcapFileReader(path: PcapFixtures.path(file)).linkType == linkType)
        #expect(try PcapFixtures.packets(file).allSatisfy { $0.linkType == linkType })
    }

    @Test func readsNanosecondPcapAsMicroseconds() throws {
        // Fractions of i ms + 789 ns: read as microseconds they would be a thousand times too late.
        let packets = try PcapFixtures.packets("ethernet-nanos.pcap")
        #expect(packets.map(\.timestamp) == (0..<6).map { Self.base + Int64($0) * 1000 })
    }

    @Test func pcapngSkipsUnknownBlocksAndComments() throws {
        let packets = try PcapFixtures.packets("unknown-block.pcapng")
        #expect(packets.map(\.number) == Array(1...6))
        #expect(packets.map(\.timestamp) == (0..<6).map { Self.base + Int64($0) * 1000 })
        #expect(packets[3].data.text.hasSuffix("PING\r\n"))
    }

    @Test func fileCutMidPacketGivesItsPacketsThenAnErrorAtTheRecord() {
        let (count, error) = PcapFixtures.readUntilError("cut-mid-packet.pcap")
        #expect(count == 4)
        #expect(error?.packet == 5)
        #expect(error?.offset == 310)
        #expect(error?.reason.contains("cut short inside this packet's record (it ends at byte 346)") == true)
        #expect(error?.reason.contains("libpcap: truncated dump file") == true)
        #expect(error?.description.contains("cut-mid-packet.pcap: packet 5 at offset 310: ") == true)
    }

    @Test func fileCutMidRecordHeaderGivesTheSameKindOfError() {
        let (count, error) = PcapFixtures.readUntilError("cut-mid-header.pcap")
        #expect(count == 4)
        #expect(error?.packet == 5 && error?.offset == 310)
        #expect(error?.reason.contains("cut short") == true)
    }

    @Test func readerStopsForGoodAfterAnError() throws {
        let reader = try PcapFileReader(path: PcapFixtures.path("cut-mid-packet.pcap"))
        for _ in 1...4 { _ = try reader.next() }
        #expect(throws: CaptureError.self) { try reader.next() }
        #expect(try reader.next() == nil)
    }

    @Test func pcapngBlockWithImpossibleLengthIsAnErrorAtThatBlock() {
        let (count, error) = PcapFixtures.readUntilError("bad-block-length.pcapng")
        #expect(count == 1)
        #expect(error?.packet == 2)
        #expect(error?.offset == 184)
        #expect(error?.reason.contains("corrupt pcapng block") == true)
    }

    @Test func textFileIsNotACaptureAndSaysWhatItStartsWith() {
        let (_, error) = PcapFixtures.readUntilError("not-a-capture.txt")
        #expect(error?.offset == 0)
        #expect(error?.packet == nil)
        #expect(error?.reason == #"not a pcap or pcapng capture: it starts with text "GET / HTTP/1.1\r\n…""#)
    }

    @Test func emptyFileIsNotACapture() {
        let (_, error) = PcapFixtures.readUntilError("empty.pcap")
        #expect(error?.offset == 0)
        #expect(error?.reason.contains("empty file (0 bytes)") == true)
    }

    @Test func missingFileSaysSoWithoutAnOffset() {
        let (_, error) = PcapFixtures.readUntilError("no-such-file.pcap")
        #expect(error?.offset == nil)
        #expect(error?.reason == "cannot open: No such file or directory")
        #expect(error?.file.hasSuffix("no-such-file.pcap") == true)
    }

    /// Files made on the spot: a pcap header cut short, and a gzip-compressed capture.
    @Test(arguments: [
        ([0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0] as [UInt8],
         "unreadable capture header (libpcap: truncated dump file; tried to read 24 file header bytes, only got 6); it starts with bytes d4 c3 b2 a1 02 00 04 00"),
        ([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3], "not a pcap or pcapng capture: it starts with bytes 1f 8b 08 00 00 00 00 00 (gzip: decompress it first)"),
    ])
    func badHeadersSayWhatTheFileStartsWith(bytes: [UInt8], reason: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).pcap").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CaptureError(file: path, offset: 0, reason: reason)) { try PcapFileReader(path: path) }
    }
}
