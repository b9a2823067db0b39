/// What `AMQPFrameDecoder` reads off a connection, in order: the client's protocol header
/// (server mode only, first), then frames. Decoding errors arrive in line, so a broker can
/// answer them as RabbitMQ does and keep reading (for non-fatal ones) until close-ok.
public enum AMQPInbound: Hashable, Sendable {
    case protocolHeader(ProtocolHeader)
    case frame(Frame)
    case error(FrameError)
}
