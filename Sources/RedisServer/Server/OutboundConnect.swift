import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Outgoing connections (cluster bus, replica to master) as Redis 7.0's
/// `anetTcpNonBlockBestEffortBindConnect` makes them: bound to `bind-source-addr` when it is
/// set, and unbound when that address cannot be bound (best effort: a bad source address
/// never stops a node from reaching its peers). Unset, the kernel chooses; Redis 7.0 no
/// longer binds to the first `bind` address as 6.x did.
enum OutboundConnect {
    /// Connects with `bootstrap`, bound to `source` when it is set and binds now.
    static func connect(_ bootstrap: ClientBootstrap, host: String, port: Int, source: String)
        -> EventLoopFuture<Channel>
    {
        guard !source.isEmpty, let address = bindableAddress(source) else {
            return bootstrap.connect(host: host, port: port)
        }
        return bootstrap.bind(to: address).connect(host: host, port: port)
    }

    /// `source` as a socket address with port 0, if a socket of its family can bind it now
    /// (Redis resolves it with getaddrinfo and tries each result; an IP literal is the usual
    /// case). nil when it cannot: the caller connects unbound.
    static func bindableAddress(_ source: String) -> SocketAddress? {
        let address: SocketAddress
        if let literal = try? SocketAddress(ipAddress: source, port: 0) {
            address = literal
        } else if let resolved = try? SocketAddress.makeAddressResolvingHost(source, port: 0) {
            address = resolved
        } else {
            return nil
        }
        let family: Int32
        switch address {
        case .v4: family = AF_INET
        case .v6: family = AF_INET6
        default: return nil
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let bound = address.withSockAddr { pointer, length in
            bind(fd, pointer, socklen_t(length)) == 0
        }
        return bound ? address : nil
    }
}
