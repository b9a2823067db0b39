/// Pilot 1.1's Consul adapter (`serviceregistry/consul/conversion.go`): catalog entries to
/// services and instances. Warnings are returned, not logged, so the caller logs them once per
/// registry change and tests can read them.
public enum ConsulServiceConversion {
    public struct Result: Sendable, Equatable {
        public var services: [MeshService]
        public var warnings: [String]
    }

    /// Consul's DNS-style hostname: `<name>.service.consul`.
    public static func hostname(_ serviceName: String) -> String { "\(serviceName).service.consul" }

    /// Services from `GET /v1/catalog/service/:name` answers keyed by name, ordered by
    /// registration (lowest CreateIndex, then hostname). Names without instances are dropped.
    public static func services(from catalog: [String: [ConsulCatalogService]]) -> Result {
        var warnings: [String] = []
        var services: [MeshService] = []
        for (name, entries) in catalog where !entries.isEmpty {
            services.append(service(name: name, entries: entries, warnings: &warnings))
        }
        services.sort { ($0.registrationIndex, $0.hostname) < ($1.registrationIndex, $1.hostname) }
        return Result(services: services, warnings: warnings)
    }

    static func service(name: String, entries: [ConsulCatalogService], warnings: inout [String]) -> MeshService {
        let ordered = entries.sorted { ($0.createIndex, $0.serviceID) < ($1.createIndex, $1.serviceID) }
        let hostname = hostname(name)
        var ports: [MeshPort] = []
        var instances: [MeshInstance] = []
        for entry in ordered {
            let port = port(entry.servicePort, protocolName: entry.serviceMeta["protocol"] ?? "", warnings: &warnings)
            if let existing = ports.first(where: { $0.port == port.port }) {
                if existing.serviceProtocol != port.serviceProtocol {
                    warnings.append(
                        "Service \(name) has two instances on same port \(port.port) but different protocols "
                            + "(\(existing.serviceProtocol.rawValue), \(port.serviceProtocol.rawValue))")
                }
            } else {
                ports.append(port)
            }
            let address = entry.serviceAddress.isEmpty ? entry.address : entry.serviceAddress
            instances.append(
                MeshInstance(
                    serviceID: entry.serviceID, address: address, servicePort: port,
                    labels: labels(entry.serviceTags, warnings: &warnings), createIndex: entry.createIndex))
        }
        return MeshService(
            hostname: hostname, ports: ports, instances: instances, registrationIndex: ordered.first?.createIndex ?? 0)
    }

    /// `convertPort`: an empty protocol is named "tcp"; an unknown one is TCP with a warning.
    static func port(_ number: Int, protocolName: String, warnings: inout [String]) -> MeshPort {
        let name = protocolName.isEmpty ? "tcp" : protocolName
        guard let parsed = ServiceProtocol(parsing: name) else {
            warnings.append("unsupported protocol value: \(name)")
            return MeshPort(name: name, port: number, serviceProtocol: .tcp)
        }
        return MeshPort(name: name, port: number, serviceProtocol: parsed)
    }

    /// `convertLabels`: `key|value` tags become labels; others are ignored with a warning.
    static func labels(_ tags: [String], warnings: inout [String]) -> [String: String] {
        var labels: [String: String] = [:]
        for tag in tags {
            let parts = tag.split(separator: "|", omittingEmptySubsequences: false)
            if parts.count > 1 {
                labels[String(parts[0])] = String(parts[1])
            } else {
                warnings.append("Tag \(tag) ignored since it is not of form key|value")
            }
        }
        return labels
    }
}
