import NIOCore

/// Kernel buffer limits for an AMQP socket, shared by the broker's listener and the client.
///
/// Why bounded buffers matter: flow control only sees what waits in user space. Autotuned
/// loopback buffers grow to megabytes, which at 16-byte messages is tens of thousands of
/// messages (hundreds of milliseconds) waiting where no queue limit or back-pressure sees
/// them. `unsentLowWatermarkBytes` (TCP_NOTSENT_LOWAT) bounds only the bytes the peer has not
/// taken, so the send buffer can still grow for bytes in flight: a small SO_SNDBUF would
/// bound both, and a send buffer smaller than two loopback segments (64 KiB each) stalls
/// large messages on the peer's delayed ACK.
public struct SocketTuning: Sendable, Equatable {
    /// SO_SNDBUF (the kernel doubles it); nil keeps autotuning.
    public var sendBufferBytes: Int?
    /// SO_RCVBUF (the kernel doubles it); nil keeps autotuning. Bounds what a peer can send
    /// while we are not reading.
    public var receiveBufferBytes: Int?
    /// TCP_NOTSENT_LOWAT: the socket reports full once this many bytes wait unsent.
    public var unsentLowWatermarkBytes: Int?

    public init(sendBufferBytes: Int? = nil, receiveBufferBytes: Int? = nil, unsentLowWatermarkBytes: Int? = nil) {
        self.sendBufferBytes = sendBufferBytes
        self.receiveBufferBytes = receiveBufferBytes
        self.unsentLowWatermarkBytes = unsentLowWatermarkBytes
    }

    /// The kernel's defaults: everything autotuned.
    public static let autotuned = SocketTuning()

    /// The socket options to set, in order. Set them before connect (or on the listener):
    /// the receive window's scale is fixed in the handshake.
    public var socketOptions: [(ChannelOptions.Types.SocketOption, SocketOptionValue)] {
        var options: [(ChannelOptions.Types.SocketOption, SocketOptionValue)] = []
        if let bytes = sendBufferBytes { options.append((.init(level: .socket, name: .so_sndbuf), SocketOptionValue(bytes))) }
        if let bytes = receiveBufferBytes { options.append((.init(level: .socket, name: .so_rcvbuf), SocketOptionValue(bytes))) }
        if let bytes = unsentLowWatermarkBytes {
            // TCP_NOTSENT_LOWAT is 25 on Linux; NIO has no name for it.
            options.append((.init(level: .tcp, name: .init(rawValue: 25)), SocketOptionValue(bytes)))
        }
        return options
    }
}
