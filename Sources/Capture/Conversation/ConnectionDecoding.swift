import NIOCore

/// One connection turned from stream events into conversation events: detects the protocol
/// from the client's first bytes (unless it was given), runs a decoder per direction, and
/// reports gaps, decoding errors and unknown protocols as problems.
final class ConnectionDecoding {
    let opened: TCPConnectionOpened
    private(set) var applicationProtocol: ApplicationProtocol?
    private let toServer = DirectionDecoding(direction: .clientToServer)
    private let toClient = DirectionDecoding(direction: .serverToClient)
    /// The protocol could not be told: the connection's bytes are dropped.
    private var unknown = false

    /// Server bytes held while the client's have not told the protocol yet (a server that
    /// speaks first, or a capture that missed the client's start); past this, decide anyway.
    static let maxHeldServerBytes = 1 << 20

    init(_ opened: TCPConnectionOpened, protocol applicationProtocol: ApplicationProtocol?) {
        self.opened = opened
        if let applicationProtocol { start(applicationProtocol) }
    }

    func receive(_ data: TCPStreamData, emit: (ConversationEvent) -> Void) {
        guard !unknown else { return }
        let side = decoding(data.direction)
        side.receive(data)
        if applicationProtocol == nil {
            detect(streamEnded: toClient.held.readableBytes > Self.maxHeldServerBytes, emit: emit)
        }
        drain(side, final: false, emit: emit)
    }

    func gap(_ gap: TCPStreamGap, emit: (ConversationEvent) -> Void) {
        let side = decoding(gap.direction)
        guard !unknown, !side.stopped else { return }
        if applicationProtocol == nil, gap.direction == .clientToServer { detect(streamEnded: true, emit: emit) }
        guard !unknown else { return }
        drain(side, final: false, emit: emit)
        guard !side.stopped else { return }
        let why = gap.cause == .bufferLimit ? "the out-of-order buffer filled" : "they were never captured"
        problem(
            side, offset: gap.offset, packetNumber: gap.packetNumber,
            reason: "\(gap.length) bytes missing (\(why)); the rest of this direction is not decoded", emit: emit)
    }

    func close(emit: (ConversationEvent) -> Void) {
        if applicationProtocol == nil, !unknown, toServer.bytesSeen + toClient.bytesSeen > 0 { detect(streamEnded: true, emit: emit) }
        guard !unknown else { return }
        drain(toServer, final: true, emit: emit)
        drain(toClient, final: true, emit: emit)
    }

    private func decoding(_ direction: TCPStreamDirection) -> DirectionDecoding {
        direction == .clientToServer ? toServer : toClient
    }

    private func start(_ applicationProtocol: ApplicationProtocol) {
        self.applicationProtocol = applicationProtocol
        toServer.start(applicationProtocol)
        toClient.start(applicationProtocol)
    }

    private func detect(streamEnded: Bool, emit: (ConversationEvent) -> Void) {
        let clientBytes = toServer.held
        switch ProtocolDetection.detect(clientBytes: clientBytes, serverPort: opened.server.port, streamEnded: streamEnded) {
        case .detected(let detected):
            start(detected)
            // Server bytes held before now come out first: they were captured first.
            drain(toClient, final: false, emit: emit)
            drain(toServer, final: false, emit: emit)
        case .unknown:
            unknown = true
            let start = clientBytes.readableBytes > 0 ? "starts with \(Self.show(clientBytes))" : "the client sent nothing"
            emit(
                .problem(
                    ConversationProblem(
                        connection: opened.connection, direction: .clientToServer, streamOffset: 0, packetNumber: toServer.stamps.stamp(at: 0)?.packetNumber,
                        reason: "not RESP, AMQP or HTTP: \(start); the connection is not decoded")))
            toServer.stop()
            toClient.stop()
        case .needMoreBytes:
            break
        }
    }

    private func drain(_ side: DirectionDecoding, final: Bool, emit: (ConversationEvent) -> Void) {
        guard !side.stopped, let applicationProtocol else { return }
        while true {
            let decoded: (message: ApplicationMessage, offset: Int64)?
            do {
                decoded = try side.next(final: final)
            } catch {
                problem(side, offset: error.streamOffset, packetNumber: side.stamps.stamp(at: error.streamOffset)?.packetNumber, reason: error.reason, emit: emit)
                return
            }
            guard let (message, offset) = decoded else { return }
            let stamp = side.stamps.stamp(at: offset)
            if side.direction == .clientToServer, case .http(let request) = message, case .request(let method, _, _) = request.head {
                toClient.expectResponse(toRequestMethod: method)
            }
            emit(
                .message(
                    ConversationMessage(
                        connection: opened.connection, direction: side.direction, protocol: applicationProtocol, message: message,
                        streamOffset: offset, timestamp: stamp?.timestamp ?? opened.timestamp, packetNumber: stamp?.packetNumber ?? opened.packetNumber)))
        }
    }

    private func problem(_ side: DirectionDecoding, offset: Int64?, packetNumber: Int?, reason: String, emit: (ConversationEvent) -> Void) {
        side.stop()
        emit(
            .problem(
                ConversationProblem(connection: opened.connection, direction: side.direction, streamOffset: offset, packetNumber: packetNumber, reason: reason)))
    }

    /// The first bytes, printable ones as text, others as \xHH.
    static func show(_ bytes: ByteBuffer) -> String {
        let shown = bytes.readableBytesView.prefix(24).map { byte -> String in
            switch byte {
            case 13: "\\r"
            case 10: "\\n"
            case 32..<127 where byte != UInt8(ascii: "\""): String(UnicodeScalar(byte))
            default: "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }.joined()
        return "\"" + shown + (bytes.readableBytes > 24 ? "…" : "") + "\""
    }
}
