/// `buildSidecarOutboundListeners` (listener.go) for Consul services, whose address is
/// 0.0.0.0: one listener per `0.0.0.0:<port>` key, the first service processed at a key wins
/// it. HTTP ports share one RDS-routed listener; a TCP port becomes a tcp_proxy to its first
/// service and every later service on that port is rejected with Pilot's conflict message.
enum OutboundListeners {
    static let wildcard = "0.0.0.0"

    private struct Entry {
        var listener: XDSListener
        var serviceProtocol: ServiceProtocol
        var hostnames: [String]
    }

    /// The listeners, TCP ones first then HTTP ones (each by port), and the HTTP ports whose
    /// route configurations the proxy will ask for.
    static func build(services: [MeshService], traceSampling: Double, warnings: inout [String]) -> (listeners: [XDSListener], httpPorts: [Int]) {
        var entries: [String: Entry] = [:]
        for service in services {
            for port in service.ports {
                let key = "\(wildcard):\(port.port)"
                let name = "\(wildcard)_\(port.port)"
                if port.serviceProtocol.isHTTP {
                    if var existing = entries[key] {
                        if !existing.serviceProtocol.isHTTP {
                            warnings.append(conflict(key, existing, rejected: service.hostname, port.serviceProtocol))
                        }
                        // Pilot files the service under the existing entry even after a conflict.
                        existing.hostnames.append(service.hostname)
                        entries[key] = existing
                        continue
                    }
                    let manager = XDSHTTPConnectionManager(
                        statPrefix: name, rds: .init(routeConfigName: String(port.port)), tracing: .init(operationName: .egress, randomSampling: traceSampling))
                    entries[key] = Entry(
                        listener: XDSListener(
                            name: name, address: XDSAddress(address: wildcard, port: port.port),
                            filterChains: [XDSFilterChain(filters: [.httpConnectionManager(manager)])]),
                        serviceProtocol: port.serviceProtocol, hostnames: [service.hostname])
                } else if port.serviceProtocol.isTCP {
                    if let existing = entries[key] {
                        // HTTP over TCP, or two catch-all TCP filter chains: the newcomer is rejected.
                        warnings.append(conflict(key, existing, rejected: service.hostname, port.serviceProtocol))
                        continue
                    }
                    let cluster = ClusterName.outbound(port: port.port, host: service.hostname)
                    entries[key] = Entry(
                        listener: XDSListener(
                            name: name, address: XDSAddress(address: wildcard, port: port.port),
                            filterChains: [XDSFilterChain(filters: [.tcpProxy(XDSTCPProxy(statPrefix: cluster, cluster: cluster))])]),
                        serviceProtocol: port.serviceProtocol, hostnames: [service.hostname])
                }
                // UDP and anything else: no listener, as Pilot.
            }
        }
        let ordered = entries.values.sorted { $0.listener.address.socketAddress.portValue < $1.listener.address.socketAddress.portValue }
        let tcp = ordered.filter { !$0.serviceProtocol.isHTTP }
        let http = ordered.filter { $0.serviceProtocol.isHTTP }
        return ((tcp + http).map(\.listener), http.map { $0.listener.address.socketAddress.portValue })
    }

    /// Pilot's push-status text: `Listener=0.0.0.0:9080 AcceptedTCP=details.service.consul
    /// RejectedTCP=reviews.service.consul TCPServices=1`.
    private static func conflict(_ key: String, _ existing: Entry, rejected: String, _ rejectedProtocol: ServiceProtocol) -> String {
        let accepted = family(existing.serviceProtocol)
        return "Listener=\(key) Accepted\(accepted)=\(existing.hostnames.joined(separator: ",")) "
            + "Rejected\(family(rejectedProtocol))=\(rejected) \(accepted)Services=\(existing.hostnames.count)"
    }

    private static func family(_ serviceProtocol: ServiceProtocol) -> String {
        serviceProtocol.isHTTP ? "HTTP" : serviceProtocol.isTCP ? "TCP" : "UNKNOWN"
    }

    /// The `virtual` listener on 15001 that iptables would feed: original destination, whatever
    /// no other listener takes goes through (ALLOW_ANY, Istio 1.1's default).
    static func virtualListener(port: Int) -> XDSListener {
        XDSListener(
            name: "virtual", address: XDSAddress(address: wildcard, port: port),
            filterChains: [
                XDSFilterChain(filters: [.tcpProxy(XDSTCPProxy(statPrefix: XDSCluster.passthroughName, cluster: XDSCluster.passthroughName))])
            ],
            useOriginalDst: true)
    }
}
