import Capture
import NIOCore

/// Crafted IP fragments of TCP segments (built on `PacketDecoderTests`' headers: 10.0.0.1:40000
/// → 10.0.0.2:6379), numbered and 1 ms apart unless told otherwise, and what a reassembler
/// makes of them.
struct FragmentMaker {
    struct Piece {
        var offset: Int
        var data: [UInt8]
        var more: Bool
    }

    var number = 0
    var time: Int64 = 1_700_000_000_000_000
    let reassembler: IPFragmentReassembler
    private(set) var segments: [TCPSegment] = []
    private(set) var malformed: [(packet: Int, reason: String)] = []
    private(set) var problems: [IPReassemblyProblem] = []

    init(configuration: IPReassemblyConfiguration = .init()) {
        reassembler = IPFragmentReassembler(configuration: configuration)
    }

    /// A TCP segment, header and payload, as the fragments carry it.
    static func segment(_ payload: String) -> [UInt8] { PacketDecoderTests.tcp(payload: payload) }

    /// `bytes` cut every `size` bytes (a multiple of 8), the last piece saying no more follow.
    static func split(_ bytes: [UInt8], every size: Int) -> [Piece] {
        stride(from: 0, to: bytes.count, by: size).map { offset in
            let end = min(bytes.count, offset + size)
            return Piece(offset: offset, data: Array(bytes[offset..<end]), more: end < bytes.count)
        }
    }

    static func ipv4(_ piece: Piece, id: UInt16 = 0x1C46) -> [UInt8] {
        var packet = PacketDecoderTests.ipv4(piece.data, fragment: UInt16(piece.offset / 8) | (piece.more ? 0x2000 : 0))
        packet[4] = UInt8(id >> 8)
        packet[5] = UInt8(id & 0xFF)
        return packet
    }

    /// An IPv6 packet with a Fragment header whose next header is `next` (TCP unless told).
    static func ipv6(_ piece: Piece, id: UInt32 = 0xC0FFEE, next: UInt8 = 6) -> [UInt8] {
        let field = UInt16(piece.offset / 8) << 3 | (piece.more ? 1 : 0)
        let idBytes: [UInt8] = [UInt8(id >> 24), UInt8((id >> 16) & 0xFF), UInt8((id >> 8) & 0xFF), UInt8(id & 0xFF)]
        let header: [UInt8] = [next, 0, UInt8(field >> 8), UInt8(field & 0xFF)] + idBytes
        return PacketDecoderTests.ipv6(piece.data, next: 44, extensions: header)
    }

    /// Decodes one raw-IP packet `after` microseconds, keeping segments, malformed packets and
    /// the reassembler's reports.
    mutating func feed(_ ip: [UInt8], after: Int64 = 1000) {
        number += 1
        time += after
        let packet = CapturedPacket(timestamp: time, linkType: .raw, data: ByteBuffer(bytes: ip), originalLength: ip.count, number: number)
        var reports: [IPReassemblyProblem] = []
        let decoding = PacketDecoder.decode(packet, fileOffset: Int64(number) * 100, reassembling: reassembler) { reports.append($0) }
        problems += reports
        switch decoding {
        case .segment(let segment)?: segments.append(segment)
        case .malformed(let reason)?: malformed.append((number, reason))
        case .truncatedSegment, .notTCP, nil: break
        }
    }

    mutating func finish() {
        var reports: [IPReassemblyProblem] = []
        reassembler.finish { reports.append($0) }
        problems += reports
    }
}
