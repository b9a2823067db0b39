import Capture
import NIOCore

/// What one proxied connection forwards, as a capture on `lo` would have shown it (see
/// `SynthesizedCapture`): the client is the peer that connected, the server the address it
/// dialled. Bytes are recorded when the proxy writes them on (so a cut link's held bytes appear
/// when they are delivered), ends when they are passed on.
///
/// Confined to the connection's event loop. It keeps which sides have ended so that a reset or
/// a tear-down after a FIN records only what is still open.
final class ProxyRecording {
    private let connection: SynthesizedConnection
    private var ended: Set<TCPStreamSynthesizer.Side> = []
    private var wasReset = false

    init(_ connection: SynthesizedConnection) {
        self.connection = connection
    }

    /// Opens the connection in `capture`; nil when either address is unknown.
    static func open(in capture: SynthesizedCapture, accepted channel: Channel) -> ProxyRecording? {
        guard let client = TCPEndpoint(channel.remoteAddress), let server = TCPEndpoint(channel.localAddress) else { return nil }
        return ProxyRecording(capture.open(client: client, server: server))
    }

    /// What a gate passed on from `side`.
    func delivered(_ item: DirectionGate.Item, from side: TCPStreamSynthesizer.Side) {
        switch item {
        case .data(let bytes): forwarded(bytes, from: side)
        case .end(let reset): ended(side, reset: reset)
        }
    }

    func forwarded(_ bytes: ByteBuffer, from side: TCPStreamSynthesizer.Side) {
        guard !wasReset, !ended.contains(side) else { return }
        connection.forwarded(bytes, from: side)
    }

    /// `side`'s end was passed on: a FIN, or a reset of the whole connection.
    func ended(_ side: TCPStreamSynthesizer.Side, reset: Bool) {
        guard !wasReset, !ended.contains(side) else { return }
        if reset {
            wasReset = true
            connection.reset(by: side)
        } else {
            ended.insert(side)
            connection.closed(by: side)
        }
    }

    /// The proxy closed both ends (tear-down): a FIN from each side still open.
    func closedByProxy() {
        ended(.server, reset: false)
        ended(.client, reset: false)
    }
}

extension TCPEndpoint {
    /// An IP socket address's address and port.
    init?(_ address: SocketAddress?) {
        guard let address, let ip = address.ipAddress, let port = address.port, let value = UInt16(exactly: port) else { return nil }
        self.init(address: ip, port: value)
    }
}
