import NIOConcurrencyHelpers

/// Picks an endpoint index of a cluster: Envoy's ROUND_ROBIN, RANDOM and LEAST_REQUEST
/// (power of two choices over active requests). The state lives as long as the cluster's
/// name, so a configuration update does not restart the rotation.
public final class LoadBalancer: Sendable {
    private let next = NIOLockedValueBox<UInt64>(0)

    public init() {}

    /// An index in `0..<count`, skipping `excluded` (hosts already tried, for the
    /// previous_hosts retry predicate) while other hosts remain.
    public func pick(
        count: Int, policy: XDSCluster.LoadBalancing, activeRequests: (Int) -> Int, excluded: Set<Int> = [],
        random: () -> UInt64 = { UInt64.random(in: .min ... .max) }
    ) -> Int? {
        guard count > 0 else { return nil }
        let candidates = excluded.count < count ? (0..<count).filter { !excluded.contains($0) } : Array(0..<count)
        switch policy {
        case .random:
            return candidates[Int(random() % UInt64(candidates.count))]
        case .leastRequest:
            let first = candidates[Int(random() % UInt64(candidates.count))]
            let second = candidates[Int(random() % UInt64(candidates.count))]
            return activeRequests(second) < activeRequests(first) ? second : first
        case .roundRobin, .originalDstLB, .ringHash:
            let turn = next.withLockedValue { value -> UInt64 in
                defer { value &+= 1 }
                return value
            }
            return candidates[Int(turn % UInt64(candidates.count))]
        }
    }
}
