import AMQP
import NIOCore

/// What a broker node listens on and negotiates, with RabbitMQ 3.10's defaults.
public struct BrokerConfiguration: Sendable {
    public var host: String
    /// AMQP port; 0 picks a free one (see `BrokerNode.boundPort`).
    public var port: Int
    /// Passed on to the management API, which another part of the broker serves.
    public var managementPort: Int
    /// Offered in connection.tune; tune-ok may ask for less, never more.
    public var channelMax: UInt16
    public var frameMax: UInt32
    /// Seconds; 0 disables heartbeats unless the client asks for them.
    public var heartbeat: UInt16
    /// From accept until connection.open-ok (RabbitMQ's `handshake_timeout`, 10 s).
    public var handshakeTimeout: TimeAmount
    /// How long a refused handshake or a fatal frame error waits before closing the socket
    /// (RabbitMQ's SILENT_CLOSE_DELAY, 3 s), so the client reads the close first and cannot
    /// hammer logins.
    public var silentCloseDelay: TimeAmount
    /// How long the server waits for connection.close-ok after sending connection.close.
    public var closeOkTimeout: TimeAmount
    /// Kernel buffers of client sockets (RabbitMQ's `tcp_listen_options` sndbuf and recbuf,
    /// plus TCP_NOTSENT_LOWAT): bounded by default so that a publisher feels back-pressure
    /// before megabytes of its messages wait in socket buffers (see `SocketTuning`).
    public var socketTuning: SocketTuning

    public init(
        host: String = "127.0.0.1", port: Int = 5672, managementPort: Int = 15672, channelMax: UInt16 = 2047,
        frameMax: UInt32 = 131_072, heartbeat: UInt16 = 60, handshakeTimeout: TimeAmount = .seconds(10),
        silentCloseDelay: TimeAmount = .seconds(3), closeOkTimeout: TimeAmount = .seconds(30),
        socketTuning: SocketTuning = .broker
    ) {
        self.host = host
        self.port = port
        self.managementPort = managementPort
        self.channelMax = channelMax
        self.frameMax = frameMax
        self.heartbeat = heartbeat
        self.handshakeTimeout = handshakeTimeout
        self.silentCloseDelay = silentCloseDelay
        self.closeOkTimeout = closeOkTimeout
        self.socketTuning = socketTuning
    }
}

extension SocketTuning {
    /// The broker's default: the receive buffer bounds what a paused publisher can have in
    /// flight, the unsent watermark how much a slow consumer's socket holds before its
    /// channels pause.
    public static let broker = SocketTuning(receiveBufferBytes: 32_768, unsentLowWatermarkBytes: 16_384)
}
