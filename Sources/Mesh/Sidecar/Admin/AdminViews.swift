import Foundation

/// The admin port's documents, built from the running configuration and statistics. Pure,
/// so their shapes are tested without a server.
public struct AdminViews: Sendable {
    public let runtime: SidecarRuntime
    /// Bootstrap facts `/config_dump` shows: the static clusters Istio's bootstrap carries
    /// (xds-grpc = the control plane, zipkin) and the admin address.
    public let staticClusters: [XDSCluster]
    public let adminAddress: XDSAddress
    public let startedAt: Date

    public init(runtime: SidecarRuntime, staticClusters: [XDSCluster], adminAddress: XDSAddress, startedAt: Date = Date()) {
        self.runtime = runtime
        self.staticClusters = staticClusters
        self.adminAddress = adminAddress
        self.startedAt = startedAt
    }

    public var isReady: Bool { runtime.current != nil }

    public func configDump() throws -> Data {
        let config = runtime.current
        let version = config?.version ?? ""
        let updated = Self.timestamp(config?.appliedAt ?? startedAt)
        let started = Self.timestamp(startedAt)
        let snapshot = config?.snapshot
        let dump = ConfigDump(configs: [
            .bootstrap(.init(
                bootstrap: .init(node: runtime.identity.node, staticResources: .init(clusters: staticClusters), admin: .init(address: adminAddress)),
                lastUpdated: started)),
            .clusters(.init(
                versionInfo: version, staticClusters: staticClusters.map { .init(cluster: $0, lastUpdated: started) },
                dynamicActiveClusters: (snapshot?.clusters ?? []).map { .init(versionInfo: version, cluster: $0, lastUpdated: updated) })),
            .listeners(.init(
                versionInfo: version,
                dynamicActiveListeners: (snapshot?.listeners ?? []).map { .init(versionInfo: version, listener: $0, lastUpdated: updated) })),
            .routes(.init(dynamicRouteConfigs: (snapshot?.routes ?? []).map { .init(versionInfo: version, routeConfig: $0, lastUpdated: updated) })),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(dump)
    }

    /// `name::address` per listener.
    public func listenersText() -> String {
        (runtime.current?.listeners ?? []).map { "\($0.name)::\($0.host):\($0.port)\n" }.joined()
    }

    /// Envoy's admin `Listeners` message.
    public func listenersJSON() throws -> Data {
        struct Status: Encodable {
            let name: String
            let localAddress: XDSAddress
            enum CodingKeys: String, CodingKey {
                case name
                case localAddress = "local_address"
            }
        }
        struct Listeners: Encodable {
            let listenerStatuses: [Status]
            enum CodingKeys: String, CodingKey { case listenerStatuses = "listener_statuses" }
        }
        let statuses = (runtime.current?.listeners ?? []).map { Status(name: $0.name, localAddress: $0.source.address) }
        return try JSONEncoder().encode(Listeners(listenerStatuses: statuses))
    }

    /// Envoy's `/clusters` text: circuit-breaker defaults, `added_via_api`, then per host
    /// `cluster::host:port::stat::value`.
    public func clustersText() -> String {
        guard let config = runtime.current else { return "" }
        var out = ""
        for cluster in config.snapshot.clusters {
            guard let running = config.clusters[cluster.name] else { continue }
            let name = cluster.name
            for priority in ["default_priority", "high_priority"] {
                out += "\(name)::\(priority)::max_connections::1024\n"
                out += "\(name)::\(priority)::max_pending_requests::1024\n"
                out += "\(name)::\(priority)::max_requests::1024\n"
                out += "\(name)::\(priority)::max_retries::3\n"
            }
            out += "\(name)::added_via_api::true\n"
            for (endpoint, host) in zip(running.endpoints, running.hostStats) {
                let prefix = "\(name)::\(endpoint.text)::"
                out += prefix + "cx_active::\(host.connectionsActive.value)\n"
                out += prefix + "cx_connect_fail::\(host.connectFail.value)\n"
                out += prefix + "cx_total::\(host.connectionsTotal.value)\n"
                out += prefix + "rq_active::\(host.requestActive.value)\n"
                out += prefix + "rq_error::\(host.requestError.value)\n"
                out += prefix + "rq_success::\(host.requestSuccess.value)\n"
                out += prefix + "rq_timeout::\(host.requestTimeout.value)\n"
                out += prefix + "rq_total::\(host.requestTotal.value)\n"
                out += prefix + "health_flags::healthy\n"
                out += prefix + "weight::1\n"
                out += prefix + "region::\n"
                out += prefix + "zone::\n"
                out += prefix + "sub_zone::\n"
                out += prefix + "canary::false\n"
                out += prefix + "success_rate::-1\n"
            }
        }
        return out
    }

    /// Statistics whose name contains a match of `filter` (Envoy's `std::regex_search`).
    public func stats(filter: String?) throws -> [(name: String, value: Int)] {
        let all = runtime.stats.all() + [("server.live", isReady ? 1 : 0), ("server.uptime", Int(Date().timeIntervalSince(startedAt)))]
        guard let filter, !filter.isEmpty else { return all.sorted { $0.name < $1.name } }
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: filter) } catch {
            throw SidecarConfigError.badRegex(pattern: filter, reason: "\(error)")
        }
        return all.filter { regex.firstMatch(in: $0.name, range: NSRange($0.name.startIndex..., in: $0.name)) != nil }.sorted { $0.name < $1.name }
    }

    public func statsText(filter: String?) throws -> String {
        try stats(filter: filter).map { "\($0.name): \($0.value)\n" }.joined()
    }

    public func statsJSON(filter: String?) throws -> Data {
        struct Stat: Encodable {
            let name: String
            let value: Int
        }
        return try JSONEncoder().encode(["stats": try stats(filter: filter).map { Stat(name: $0.name, value: $0.value) }])
    }

    public func serverInfo() throws -> Data {
        let uptime = "\(Int(Date().timeIntervalSince(startedAt)))s"
        let info: [String: String] = [
            "version": "shakedown-sidecar/envoy-1.10-compatible", "state": isReady ? "LIVE" : "PRE_INITIALIZING",
            "uptime_current_epoch": uptime, "uptime_all_epochs": uptime, "node_id": runtime.identity.nodeID,
            "service_cluster": runtime.identity.serviceCluster,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(info)
    }

    public static let help = """
        admin commands are:
          /: Admin home page
          /clusters: upstream cluster status
          /config_dump: dump current Envoy configs
          /help: print out list of admin commands
          /listeners: print listener info (?format=json)
          /ready: print server state, return 200 if LIVE, otherwise return 503
          /server_info: print server version/status information
          /stats: print server stats (?format=json, ?filter=regex)

        """

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
