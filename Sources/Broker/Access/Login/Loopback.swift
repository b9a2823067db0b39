import NIOCore

/// rabbit_net:is_loopback: 127.0.0.0/8, ::1, and IPv4-mapped ::ffff:127.x.x.x.
///
/// RabbitMQ asks it of the socket's *local* address (`sockname`), not the peer's: a client
/// counts as local when it reached the broker through a loopback address. Pass the channel's
/// `localAddress`.
public func isLoopback(_ address: SocketAddress) -> Bool {
    switch address {
    case .v4(let v4):
        return withUnsafeBytes(of: v4.address.sin_addr) { $0.first == 127 }
    case .v6(let v6):
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        guard bytes.count == 16 else { return false }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        return mapped && bytes[12] == 127
    case .unixDomainSocket:
        return false
    }
}
