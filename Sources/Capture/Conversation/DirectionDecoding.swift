import NIOCore

/// One direction of a connection being decoded: its protocol's decoder (held in place, so
/// appending never copies the decoder's buffer), the stamps of the bytes it holds, and the
/// bytes that arrived before the connection's protocol was known.
final class DirectionDecoding {
    let direction: TCPStreamDirection
    private var resp: RESPStreamDecoder?
    private var amqp: AMQPStreamDecoder?
    private var http: HTTPStreamDecoder?
    private(set) var stamps = MessageStamps()
    /// Bytes waiting for protocol detection.
    private(set) var held = ByteBuffer()
    /// After a gap or a decoding error nothing more of this direction is decoded.
    private(set) var stopped = false
    private(set) var bytesSeen: Int64 = 0

    init(direction: TCPStreamDirection) {
        self.direction = direction
    }

    var hasDecoder: Bool { resp != nil || amqp != nil || http != nil }

    func start(_ applicationProtocol: ApplicationProtocol) {
        guard !stopped else { return }
        let toServer = direction == .clientToServer
        switch applicationProtocol {
        case .resp: resp = RESPStreamDecoder(direction: toServer ? .requests : .replies)
        case .amqp: amqp = AMQPStreamDecoder(direction: toServer ? .client : .server)
        case .http: http = HTTPStreamDecoder(direction: toServer ? .requests : .responses)
        }
        if held.readableBytes > 0 {
            append(held)
            held = ByteBuffer()
        }
    }

    /// Takes a chunk of the stream: to the decoder, or held until the protocol is known.
    func receive(_ data: TCPStreamData) {
        guard !stopped else { return }
        bytesSeen += Int64(data.bytes.readableBytes)
        stamps.record(offset: data.offset, timestamp: data.timestamp, packetNumber: data.packetNumber)
        if hasDecoder {
            append(data.bytes)
        } else {
            held.writeImmutableBuffer(data.bytes)
        }
    }

    func stop() {
        stopped = true
        resp = nil
        amqp = nil
        http = nil
        held = ByteBuffer()
        stamps.removeAll()
    }

    private func append(_ bytes: ByteBuffer) {
        resp?.append(bytes)
        amqp?.append(bytes)
        http?.append(bytes)
    }

    /// The next message and the offset of its first byte; `final` when the stream has ended.
    func next(final: Bool) throws(MessageDecodingError) -> (message: ApplicationMessage, offset: Int64)? {
        let message: ApplicationMessage?
        let offset: Int64
        if resp != nil {
            message = try final ? resp?.finish() : resp?.next()
            offset = resp?.lastMessageOffset ?? 0
        } else if amqp != nil {
            message = try final ? amqp?.finish() : amqp?.next()
            offset = amqp?.lastMessageOffset ?? 0
        } else if http != nil {
            message = try final ? http?.finish() : http?.next()
            offset = http?.lastMessageOffset ?? 0
        } else {
            return nil
        }
        guard let message else {
            stamps.discard(before: nextMessageOffset)
            return nil
        }
        return (message, offset)
    }

    private var nextMessageOffset: Int64 {
        resp?.nextMessageOffset ?? amqp?.nextMessageOffset ?? http?.nextMessageOffset ?? 0
    }

    /// For an HTTP responses decoder: the next response answers a request with this method.
    func expectResponse(toRequestMethod method: String) {
        http?.expectResponse(toRequestMethod: method)
    }
}
