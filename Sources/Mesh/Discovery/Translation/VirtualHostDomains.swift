/// The Host values a virtual host answers to (`generateVirtualHostDomains` in httproute.go):
/// the FQDN with and without port, then every shorter name the proxy's DNS domain allows.
/// For `reviews.service.consul` seen from domain `service.consul`: `reviews.service.consul`,
/// `reviews.service.consul:9080`, `reviews`, `reviews:9080`, `reviews.service`, `reviews.service:9080`.
/// Consul services have address 0.0.0.0, so no IP domains are added.
enum VirtualHostDomains {
    static func domains(hostname: String, port: Int, proxyDomain: String) -> [String] {
        [hostname, "\(hostname):\(port)"] + alternates(hostname: hostname, port: port, proxyDomain: proxyDomain)
    }

    static func alternates(hostname: String, port: Int, proxyDomain: String) -> [String] {
        let (unique, shared) = uniqueAndShared(hostname: hostname, proxyDomain: proxyDomain)
        guard !shared.isEmpty else { return [] }
        var out = [unique, "\(unique):\(port)"]
        // Drop the shared suffix one label at a time from the right: "service.consul" -> "service".
        var labels = shared.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while labels.count > 1 {
            labels.removeLast()
            let variant = "\(unique).\(labels.joined(separator: "."))"
            out += [variant, "\(variant):\(port)"]
        }
        return out
    }

    /// `getUniqueAndSharedDNSDomain`: the labels the hostname shares with the proxy domain,
    /// counted from the right, and the rest.
    static func uniqueAndShared(hostname: String, proxyDomain: String) -> (unique: String, shared: String) {
        let host = Array(hostname.split(separator: ".", omittingEmptySubsequences: false).reversed())
        let domain = Array(proxyDomain.split(separator: ".", omittingEmptySubsequences: false).reversed())
        var count = 0
        while count < min(host.count, domain.count), host[count] == domain[count] { count += 1 }
        guard count > 0 else { return (hostname, "") }
        return (host[count...].reversed().joined(separator: "."), host[..<count].reversed().joined(separator: "."))
    }
}
