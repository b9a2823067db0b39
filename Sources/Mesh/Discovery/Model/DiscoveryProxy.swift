/// A sidecar as discovery sees it, from its Istio node id `sidecar~<ip>~<pod>.<ns>~<domain>`
/// (`model.ParseServiceNodeWithMetadata`): its IP picks its own service instances, its DNS
/// domain (`service.consul` on Consul) decides the short host names in virtual hosts.
public struct DiscoveryProxy: Sendable, Equatable, Hashable {
    public var id: String
    public var ip: String
    public var dnsDomain: String

    public init(id: String, ip: String, dnsDomain: String = "service.consul") {
        self.id = id
        self.ip = ip
        self.dnsDomain = dnsDomain
    }

    /// The proxy of an xDS node; the error says what is wrong with the id.
    public init(node: XDSNode) throws(DiscoveryRequestError) {
        let parts = node.id.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 else {
            throw DiscoveryRequestError("node id '\(node.id)' is not an Istio id: want 4 '~'-separated parts (sidecar~IP~POD.NAMESPACE~DOMAIN), got \(parts.count)")
        }
        guard parts[0] == "sidecar" else {
            throw DiscoveryRequestError("node id '\(node.id)': proxy type '\(parts[0])' is not supported (only sidecar)")
        }
        guard Self.isIPAddress(parts[1]) else {
            throw DiscoveryRequestError("node id '\(node.id)': invalid IP address '\(parts[1])'")
        }
        self.init(id: node.id, ip: parts[1], dnsDomain: parts[3])
    }

    static func isIPAddress(_ text: String) -> Bool {
        if text.contains(":") { return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCII) && (UInt8(octet) != nil)
        }
    }
}

/// A discovery request that cannot be answered, with the reason sent back as a 400.
public struct DiscoveryRequestError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
