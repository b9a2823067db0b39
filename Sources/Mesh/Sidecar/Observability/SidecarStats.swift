import NIOConcurrencyHelpers
import Synchronization

/// One named counter or gauge. Handed out once and kept by whoever updates it, so the data
/// path never looks names up; an atomic because every proxied request updates a dozen.
public final class StatCounter: Sendable {
    private let storage = Atomic<Int>(0)

    public func add(_ amount: Int = 1) { storage.wrappingAdd(amount, ordering: .relaxed) }
    public func subtract(_ amount: Int = 1) { storage.wrappingSubtract(amount, ordering: .relaxed) }
    public var value: Int { storage.load(ordering: .relaxed) }
}

/// Every statistic of the sidecar under Envoy-like names
/// (`cluster.outbound|9080||reviews.service.consul.upstream_rq_200`,
/// `http.0.0.0.0_9080.downstream_rq_total`, `listener.0.0.0.0_9080.downstream_cx_total`).
/// Statistics outlive configuration versions, as Envoy's do when a cluster is updated in place.
public final class SidecarStats: Sendable {
    private let counters = NIOLockedValueBox<[String: StatCounter]>([:])

    public init() {}

    public func counter(_ name: String) -> StatCounter {
        counters.withLockedValue { all in
            if let existing = all[name] { return existing }
            let created = StatCounter()
            all[name] = created
            return created
        }
    }

    /// Value of one statistic, 0 when never touched.
    public func value(_ name: String) -> Int { counters.withLockedValue { $0[name]?.value ?? 0 } }

    /// All statistics sorted by name.
    public func all() -> [(name: String, value: Int)] {
        counters.withLockedValue { all in all.map { ($0.key, $0.value.value) } }.sorted { $0.name < $1.name }
    }

    private let hosts = NIOLockedValueBox<[String: HostStats]>([:])

    /// The `/clusters` numbers of one host of one cluster, kept across configuration versions.
    public func host(cluster: String, address: String) -> HostStats {
        hosts.withLockedValue { all in
            let key = cluster + "::" + address
            if let existing = all[key] { return existing }
            let created = HostStats()
            all[key] = created
            return created
        }
    }

    public func responseFlags(_ flags: ResponseFlags) {
        guard !flags.isEmpty else { return }
        for code in flags.codes { counter("sidecar.response_flag.\(code)").add() }
    }
}

/// Counters of one HTTP connection manager (`http.<stat_prefix>.`), resolved once per listener.
public struct HTTPManagerStats: Sendable {
    public let prefix: String
    public let requestTotal, noRoute, noCluster, delaysInjected, abortsInjected, requestTimeout: StatCounter
    public let responses1xx, responses2xx, responses3xx, responses4xx, responses5xx: StatCounter
    public let connectionsTotal, connectionsActive, protocolErrors: StatCounter

    public init(statPrefix: String, stats: SidecarStats) {
        prefix = "http.\(statPrefix)."
        requestTotal = stats.counter(prefix + "downstream_rq_total")
        noRoute = stats.counter(prefix + "no_route")
        noCluster = stats.counter(prefix + "no_cluster")
        delaysInjected = stats.counter(prefix + "fault.delays_injected")
        abortsInjected = stats.counter(prefix + "fault.aborts_injected")
        requestTimeout = stats.counter(prefix + "downstream_rq_timeout")
        responses1xx = stats.counter(prefix + "downstream_rq_1xx")
        responses2xx = stats.counter(prefix + "downstream_rq_2xx")
        responses3xx = stats.counter(prefix + "downstream_rq_3xx")
        responses4xx = stats.counter(prefix + "downstream_rq_4xx")
        responses5xx = stats.counter(prefix + "downstream_rq_5xx")
        connectionsTotal = stats.counter(prefix + "downstream_cx_total")
        connectionsActive = stats.counter(prefix + "downstream_cx_active")
        protocolErrors = stats.counter(prefix + "downstream_cx_protocol_error")
    }

    public func response(status: Int) {
        switch status {
        case ..<200: responses1xx.add()
        case ..<300: responses2xx.add()
        case ..<400: responses3xx.add()
        case ..<500: responses4xx.add()
        default: responses5xx.add()
        }
    }
}

/// Counters of one cluster (`cluster.<name>.`), resolved when the cluster is compiled.
public final class ClusterStats: Sendable {
    public let prefix: String
    private let stats: SidecarStats
    public let requestTotal, requestRetry, requestTimeout, perTryTimeout, connectFail, connectionsTotal, connectionsActive: StatCounter
    public let requestActive, responses2xx, responses3xx, responses4xx, responses5xx, noHealthyUpstream: StatCounter
    private let byStatus = NIOLockedValueBox<[Int: StatCounter]>([:])

    public init(cluster: String, stats: SidecarStats) {
        prefix = "cluster.\(cluster)."
        self.stats = stats
        requestTotal = stats.counter(prefix + "upstream_rq_total")
        requestRetry = stats.counter(prefix + "upstream_rq_retry")
        requestTimeout = stats.counter(prefix + "upstream_rq_timeout")
        perTryTimeout = stats.counter(prefix + "upstream_rq_per_try_timeout")
        connectFail = stats.counter(prefix + "upstream_cx_connect_fail")
        connectionsTotal = stats.counter(prefix + "upstream_cx_total")
        connectionsActive = stats.counter(prefix + "upstream_cx_active")
        requestActive = stats.counter(prefix + "upstream_rq_active")
        responses2xx = stats.counter(prefix + "upstream_rq_2xx")
        responses3xx = stats.counter(prefix + "upstream_rq_3xx")
        responses4xx = stats.counter(prefix + "upstream_rq_4xx")
        responses5xx = stats.counter(prefix + "upstream_rq_5xx")
        noHealthyUpstream = stats.counter(prefix + "upstream_cx_none_healthy")
    }

    /// `upstream_rq_<code>` and `upstream_rq_<N>xx`.
    public func response(status: Int) {
        let exact = byStatus.withLockedValue { table in
            if let counter = table[status] { return counter }
            let counter = stats.counter(prefix + "upstream_rq_\(status)")
            table[status] = counter
            return counter
        }
        exact.add()
        switch status {
        case ..<300: responses2xx.add()
        case ..<400: responses3xx.add()
        case ..<500: responses4xx.add()
        default: responses5xx.add()
        }
    }
}

/// Per-host numbers for `/clusters` (`cluster::host:port::stat::value`).
public final class HostStats: Sendable {
    public let connectionsActive = StatCounter(), connectionsTotal = StatCounter(), connectFail = StatCounter()
    public let requestActive = StatCounter(), requestTotal = StatCounter(), requestSuccess = StatCounter()
    public let requestError = StatCounter(), requestTimeout = StatCounter()

    public init() {}
}
