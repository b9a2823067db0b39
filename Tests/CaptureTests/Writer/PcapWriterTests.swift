import Capture
import Foundation
import NIOCore
import Testing

@Suite struct PcapWriterTests {
    @Test func headerAndRecordsAreLittleEndianClassicPcap() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for (precision, magic, fraction) in [(PcapWriter.TimestampPrecision.microseconds, 0xA1B2_C3D4, 123_456), (.nanoseconds, 0xA1B2_3C4D, 123_456_789)] {
            let file = scratch.file("\(precision).pcap")
            let writer = try PcapWriter(path: file, precision: precision)
            try writer.write(frame: ByteBuffer(bytes: [1, 2, 3]), timestampNanoseconds: 1_700_000_000_123_456_789, originalLength: 60)
            try writer.close()
            var bytes = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(bytes.readableBytes == 24 + 16 + 3)
            let header = bytes.readMultipleIntegers(endianness: .little, as: (UInt32, UInt16, UInt16, Int32, UInt32, UInt32, UInt32).self)
            #expect(header?.0 == UInt32(magic) && header?.1 == 2 && header?.2 == 4 && header?.3 == 0)
            #expect(header?.5 == 262_144 && header?.6 == 1, "snap length 262144, LINKTYPE_ETHERNET")
            let record = bytes.readMultipleIntegers(endianness: .little, as: (UInt32, UInt32, UInt32, UInt32).self)
            #expect(record?.0 == 1_700_000_000 && record?.1 == UInt32(fraction) && record?.2 == 3 && record?.3 == 60)
            #expect(bytes.readBytes(length: 3) == [1, 2, 3])
        }
    }

    @Test func ipPacketsGetAnEthernetHeaderWithZeroMACsAndTheirEtherType() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("eth.pcap")
        let writer = try PcapWriter(path: file)
        try writer.write(ipPacket: ByteBuffer(bytes: [0x45, 0xAA]), timestampNanoseconds: 0)
        try writer.write(ipPacket: ByteBuffer(bytes: [0x60, 0xBB]), timestampNanoseconds: 0)
        try writer.close()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(Array(bytes[40..<56]) == [UInt8](repeating: 0, count: 12) + [0x08, 0x00, 0x45, 0xAA])
        #expect(Array(bytes[72..<88]) == [UInt8](repeating: 0, count: 12) + [0x86, 0xDD, 0x60, 0xBB])
    }

    @Test func framesLongerThanTheSnapLengthAreCutWithTheirOriginalLengthKept() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("long.pcap")
        let writer = try PcapWriter(path: file, linkType: .raw)
        try writer.write(frame: ByteBuffer(repeating: 0x45, count: PcapWriter.snapLength + 10), timestampNanoseconds: 0)
        try writer.close()
        var bytes = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes.moveReaderIndex(forwardBy: 24 + 8)
        let lengths = bytes.readMultipleIntegers(endianness: .little, as: (UInt32, UInt32).self)
        #expect(lengths?.0 == UInt32(PcapWriter.snapLength) && lengths?.1 == UInt32(PcapWriter.snapLength + 10))
        #expect(bytes.readableBytes == PcapWriter.snapLength)
    }

    @Test func writesToADescriptorItDoesNotOwnAndFlushesOnRequest() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("fd.pcap")
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        let writer = try PcapWriter(fileDescriptor: handle.fileDescriptor)
        try writer.write(frame: ByteBuffer(bytes: [9]), timestampNanoseconds: 0)
        try writer.flush()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).count == 24 + 16 + 1)
        try writer.close()
        // Still open: the writer was not told to close it.
        try handle.write(contentsOf: [7])
        try handle.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).count == 24 + 16 + 2)
    }

    @Test func mistakesAreErrorsNamingTheFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let missing = scratch.file("no/such/dir/x.pcap")
        #expect(throws: CaptureError(file: missing, reason: "cannot open for writing: No such file or directory")) {
            try PcapWriter(path: missing)
        }
        let file = scratch.file("w.pcap")
        let writer = try PcapWriter(path: file)
        #expect(throws: CaptureError(file: file, offset: 24, reason: "timestamp -1 ns is outside what pcap holds (1970 to 2106)")) {
            try writer.write(frame: ByteBuffer(), timestampNanoseconds: -1)
        }
        #expect(throws: CaptureError(file: file, offset: 24, reason: "not an IPv4 or IPv6 packet (version nibble 2)")) {
            try writer.write(ipPacket: ByteBuffer(bytes: [0x20]), timestampNanoseconds: 0)
        }
        #expect(throws: CaptureError(file: file, offset: 24, reason: "not an IPv4 or IPv6 packet (version nibble missing)")) {
            try writer.write(ipPacket: ByteBuffer(), timestampNanoseconds: 0)
        }
        try writer.close()
        try writer.close()
        #expect(throws: CaptureError(file: file, offset: 24, reason: "written to after close")) {
            try writer.write(frame: ByteBuffer(), timestampNanoseconds: 0)
        }
    }
}
