import NIOCore

/// Which backend a run uses: a suite's `network:` setting or the command line's.
public enum NetworkChoice: String, CaseIterable, Sendable {
    /// netns where it works (root, namespaces, iptables inside them), proxy elsewhere.
    case auto
    case proxy
    case netns

    /// The backend, and why auto chose it (nil unless auto fell back to proxy). An explicit
    /// netns that cannot work here is an error naming the reason.
    public func makeBackend(group: any EventLoopGroup, seed: UInt64) async throws
        -> (backend: any NetworkBackend, fallbackReason: String?)
    {
        switch self {
        case .proxy:
            return (ProxyBackend(group: group, seed: seed), nil)
        case .netns:
            return (try await NetnsBackend.make(), nil)
        case .auto:
            switch await NetnsSupport.probe() {
            case .success(let support): return (NetnsBackend(support: support), nil)
            case .failure(let reason): return (ProxyBackend(group: group, seed: seed), "\(reason)")
            }
        }
    }
}
