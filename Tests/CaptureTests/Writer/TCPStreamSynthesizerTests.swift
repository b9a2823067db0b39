import Capture
import NIOCore
import Testing

@Suite struct TCPStreamSynthesizerTests {
    let client = TCPEndpoint(address: "10.0.0.1", port: 50000)
    let server = TCPEndpoint(address: "10.0.0.2", port: 6379)

    @Test func handshakeDataAndCloseCarryConsistentNumbersAndChecksums() throws {
        var synthesizer = try TCPStreamSynthesizer(
            client: client, server: server, maximumSegmentSize: 1000, clientInitialSequence: 100, serverInitialSequence: 5000)
        var packets = try synthesizer.open(atNanoseconds: 1)
        packets += try synthesizer.send(ByteBuffer(repeating: 1, count: 2500), from: .client, atNanoseconds: 2)
        packets += try synthesizer.send(ByteBuffer(repeating: 2, count: 10), from: .server, atNanoseconds: 3)
        packets += try synthesizer.close(from: .client, atNanoseconds: 4)
        #expect(!synthesizer.isFinished)
        packets += try synthesizer.close(from: .server, atNanoseconds: 5)
        #expect(synthesizer.isFinished)

        let seen = try packets.map { try ParsedIPv4TCP($0.ipPacket) }
        let expected: [ParsedIPv4TCP.Summary] = [
            .init(fromClient: true, sequence: 100, acknowledgment: 0, flags: .syn, payload: 0),
            .init(fromClient: false, sequence: 5000, acknowledgment: 101, flags: [.syn, .ack], payload: 0),
            .init(fromClient: true, sequence: 101, acknowledgment: 5001, flags: .ack, payload: 0),
            // Split at the MSS, the server ACKing every second segment and the last.
            .init(fromClient: true, sequence: 101, acknowledgment: 5001, flags: .ack, payload: 1000),
            .init(fromClient: true, sequence: 1101, acknowledgment: 5001, flags: .ack, payload: 1000),
            .init(fromClient: false, sequence: 5001, acknowledgment: 2101, flags: .ack, payload: 0),
            .init(fromClient: true, sequence: 2101, acknowledgment: 5001, flags: [.ack, .psh], payload: 500),
            .init(fromClient: false, sequence: 5001, acknowledgment: 2601, flags: .ack, payload: 0),
            .init(fromClient: false, sequence: 5001, acknowledgment: 2601, flags: [.ack, .psh], payload: 10),
            .init(fromClient: true, sequence: 2601, acknowledgment: 5011, flags: .ack, payload: 0),
            .init(fromClient: true, sequence: 2601, acknowledgment: 5011, flags: [.fin, .ack], payload: 0),
            .init(fromClient: false, sequence: 5011, acknowledgment: 2602, flags: .ack, payload: 0),
            .init(fromClient: false, sequence: 5011, acknowledgment: 2602, flags: [.fin, .ack], payload: 0),
            .init(fromClient: true, sequence: 2602, acknowledgment: 5012, flags: .ack, payload: 0),
        ]
        #expect(seen.map { $0.summary(clientPort: 50000) } == expected)
        #expect(seen.allSatisfy { $0.ipChecksumOK && $0.tcpChecksumOK })
        #expect(seen[0].mss == 1000 && seen[1].mss == 1000 && seen[2].mss == nil)
        #expect(packets.map(\.timestampNanoseconds) == [1, 1, 1] + Array(repeating: 2, count: 5) + [3, 3, 4, 4, 5, 5])
    }

    @Test func sequenceNumbersWrapPast2To32() throws {
        var synthesizer = try TCPStreamSynthesizer(client: client, server: server, maximumSegmentSize: 100, clientInitialSequence: 0xFFFF_FFF0)
        _ = try synthesizer.open(atNanoseconds: 0)
        let packets = try synthesizer.send(ByteBuffer(repeating: 0, count: 150), from: .client, atNanoseconds: 0)
        let seen = try packets.map { try ParsedIPv4TCP($0.ipPacket) }
        #expect(seen.filter { $0.sourcePort == 50000 }.map(\.sequence) == [0xFFFF_FFF1, 0x55])
        #expect(seen.last?.acknowledgment == 0x87)
        #expect(seen.allSatisfy { $0.tcpChecksumOK })
    }

    @Test func resetEndsTheConnection() throws {
        var synthesizer = try TCPStreamSynthesizer(client: client, server: server, clientInitialSequence: 1, serverInitialSequence: 9)
        _ = try synthesizer.open(atNanoseconds: 0)
        let rst = try synthesizer.reset(from: .server, atNanoseconds: 0).map { try ParsedIPv4TCP($0.ipPacket).summary(clientPort: 50000) }
        #expect(rst == [.init(fromClient: false, sequence: 10, acknowledgment: 2, flags: [.rst, .ack], payload: 0)])
        #expect(synthesizer.isFinished)
        #expect(throws: TCPSynthesisError(connection: "10.0.0.1:50000 -> 10.0.0.2:6379", reason: "data from the client after the connection was reset")) {
            try synthesizer.send(ByteBuffer(bytes: [1]), from: .client, atNanoseconds: 0)
        }
        #expect(throws: TCPSynthesisError(connection: "10.0.0.1:50000 -> 10.0.0.2:6379", reason: "reset twice")) {
            try synthesizer.reset(from: .client, atNanoseconds: 0)
        }
    }

    @Test func eventsOutOfPlaceAreErrorsNamingTheConnection() throws {
        let name = "10.0.0.1:50000 -> 10.0.0.2:6379"
        var synthesizer = try TCPStreamSynthesizer(client: client, server: server)
        #expect(throws: TCPSynthesisError(connection: name, reason: "data from the server before the connection was opened")) {
            try synthesizer.send(ByteBuffer(bytes: [1]), from: .server, atNanoseconds: 0)
        }
        #expect(throws: TCPSynthesisError(connection: name, reason: "reset before the connection was opened")) {
            try synthesizer.reset(from: .server, atNanoseconds: 0)
        }
        _ = try synthesizer.open(atNanoseconds: 0)
        #expect(throws: TCPSynthesisError(connection: name, reason: "opened twice")) { try synthesizer.open(atNanoseconds: 0) }
        #expect(try synthesizer.send(ByteBuffer(), from: .client, atNanoseconds: 0).isEmpty)
        _ = try synthesizer.close(from: .client, atNanoseconds: 0)
        #expect(throws: TCPSynthesisError(connection: name, reason: "data from the client after its FIN")) {
            try synthesizer.send(ByteBuffer(bytes: [1]), from: .client, atNanoseconds: 0)
        }
        #expect(throws: TCPSynthesisError(connection: name, reason: "FIN from the client after its FIN")) {
            try synthesizer.close(from: .client, atNanoseconds: 0)
        }
        // The server may still send after the client's FIN (half-close).
        #expect(try synthesizer.send(ByteBuffer(bytes: [1]), from: .server, atNanoseconds: 0).count == 2)
    }

    @Test func badEndpointsAndSegmentSizesAreRejected() {
        let v6 = TCPEndpoint(address: "::1", port: 1)
        #expect(throws: TCPSynthesisError(connection: "10.0.0.1:50000 -> [::1]:1", reason: "client and server addresses are not the same IP version")) {
            try TCPStreamSynthesizer(client: client, server: v6)
        }
        let host = TCPEndpoint(address: "localhost", port: 1)
        #expect(throws: TCPSynthesisError(connection: "localhost:1 -> 10.0.0.2:6379", reason: "client address \"localhost\" is not an IPv4 or IPv6 address")) {
            try TCPStreamSynthesizer(client: host, server: server)
        }
        #expect(throws: TCPSynthesisError(connection: "10.0.0.1:50000 -> 10.0.0.2:6379", reason: "maximum segment size 65496 is outside 1...65495")) {
            try TCPStreamSynthesizer(client: client, server: server, maximumSegmentSize: 65_496)
        }
        #expect(throws: TCPSynthesisError(connection: "[::1]:1 -> [::1]:1", reason: "maximum segment size 0 is outside 1...65515")) {
            try TCPStreamSynthesizer(client: v6, server: v6, maximumSegmentSize: 0)
        }
    }
}

/// An IPv4 TCP packet taken apart independently of the code under test, checksums recomputed.
struct ParsedIPv4TCP {
    struct Summary: Equatable, CustomStringConvertible {
        var fromClient: Bool
        var sequence: UInt32
        var acknowledgment: UInt32
        var flags: TCPFlags
        var payload: Int
        var description: String { "\(fromClient ? "c>s" : "s>c") seq \(sequence) ack \(acknowledgment) flags \(flags.rawValue) len \(payload)" }
    }

    struct Malformed: Error {}

    var sourcePort: UInt16
    var sequence: UInt32
    var acknowledgment: UInt32
    var flags: TCPFlags
    var payload: Int
    var mss: Int?
    var ipChecksumOK: Bool
    var tcpChecksumOK: Bool

    init(_ packet: ByteBuffer) throws {
        let bytes = Array(packet.readableBytesView)
        guard bytes.count >= 40, bytes[0] == 0x45, bytes[9] == 6, Int(bytes[2]) << 8 | Int(bytes[3]) == bytes.count else { throw Malformed() }
        func word(_ at: Int) -> UInt32 { UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) }
        func sum(_ words: some Sequence<UInt8>) -> UInt32 {
            let array = Array(words) + (Array(words).count % 2 == 1 ? [0] : [])
            return stride(from: 0, to: array.count, by: 2).reduce(UInt32(0)) { $0 + (UInt32(array[$1]) << 8 | UInt32(array[$1 + 1])) }
        }
        func folds(_ total: UInt32) -> Bool {
            var value = total
            while value >> 16 != 0 { value = (value & 0xFFFF) + (value >> 16) }
            return value == 0xFFFF
        }
        ipChecksumOK = folds(sum(bytes[0..<20]))
        let tcp = bytes[20...]
        tcpChecksumOK = folds(sum(bytes[12..<20]) + 6 + UInt32(tcp.count) + sum(tcp))
        sourcePort = UInt16(word(20))
        sequence = word(24) << 16 | word(26)
        acknowledgment = word(28) << 16 | word(30)
        let headerLength = Int(bytes[32] >> 4) * 4
        flags = TCPFlags(rawValue: bytes[33])
        payload = bytes.count - 20 - headerLength
        mss = headerLength >= 24 && bytes[40] == 2 ? Int(word(42)) : nil
    }

    func summary(clientPort: UInt16) -> Summary {
        Summary(fromClient: sourcePort == clientPort, sequence: sequence, acknowledgment: acknowledgment, flags: flags, payload: payload)
    }
}
