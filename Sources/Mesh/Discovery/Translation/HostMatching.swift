/// Hostname rules Pilot 1.1 applies to config (`model.Hostname.Matches`, `ResolveShortnameToFQDN`).
public enum HostMatching {
    /// `model.Hostname.Matches`: equal names, or a `*.suffix` wildcard on either side covering the other.
    public static func matches(_ host: String, _ other: String) -> Bool {
        let wild = host.hasPrefix("*")
        let otherWild = other.hasPrefix("*")
        switch (wild, otherWild) {
        case (true, true):
            let a = host.dropFirst()
            let b = other.dropFirst()
            return a.count < b.count ? a.hasSuffix(b) : b.hasSuffix(a)
        case (true, false): return other.hasSuffix(host.dropFirst())
        case (false, true): return host.hasSuffix(other.dropFirst())
        case (false, false): return host == other
        }
    }

    /// `model.ResolveShortnameToFQDN` as Pilot 1.1 runs it on config read from the Kubernetes
    /// API: a name without a dot gets `.<namespace>.svc.<domainSuffix>`, everything else is kept.
    /// On Consul this turns `reviews` into `reviews.default.svc.cluster.local`, which matches no
    /// `reviews.service.consul` service — the reason Istio's Consul samples spell hosts in full.
    public static func resolveShortname(_ host: String, namespace: String, domainSuffix: String) -> String {
        guard host != "*", !host.contains(".") else { return host }
        var out = host
        if !namespace.isEmpty { out += ".\(namespace)" }
        if !domainSuffix.isEmpty { out += ".svc.\(domainSuffix)" }
        return out
    }
}
