import RESP

/// A cluster node's `-MOVED slot host:port` or `-ASK slot host:port` reply.
struct RESPRedirect: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// The slot lives elsewhere from now on.
        case moved
        /// Ask the other node this once (the slot is migrating).
        case ask
    }

    var kind: Kind
    var slot: Int
    var address: ReplayAddress

    /// nil when the reply is no redirect (or a malformed one, which is then compared as it is).
    /// An empty host means the node that answered (Redis sends that when it does not know its
    /// own address).
    init?(_ reply: RESPValue, answeringHost: String) {
        guard case .error(let message) = reply else { return nil }
        let parts = message.split(separator: " ")
        guard parts.count == 3, let slot = Int(parts[1]), (0..<HashSlot.count).contains(slot) else { return nil }
        switch parts[0] {
        case "MOVED": kind = .moved
        case "ASK": kind = .ask
        default: return nil
        }
        let hostPort = parts[2]
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(port)
        else { return nil }
        var host = String(hostPort[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.slot = slot
        self.address = ReplayAddress(host: host.isEmpty ? answeringHost : host, port: port)
    }
}
