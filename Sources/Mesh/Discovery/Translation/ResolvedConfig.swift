/// The Istio config as Pilot's push context holds it for sidecars: VirtualServices bound to
/// the `mesh` gateway, ordered by creation then name, with every short host resolved the way
/// Pilot 1.1 does (`HostMatching.resolveShortname`); DestinationRules per resolved host, rules
/// for the same host merged (first traffic policy, subsets appended unless the name repeats).
struct ResolvedConfig {
    var virtualServices: [IstioConfigEntry<VirtualService>]
    var destinationRules: [(host: String, rule: DestinationRule)]

    static let meshGateway = "mesh"

    init(_ config: IstioConfigSet, domainSuffix: String) {
        func resolve(_ host: String, _ namespace: String) -> String {
            HostMatching.resolveShortname(host, namespace: namespace, domainSuffix: domainSuffix)
        }
        virtualServices = config.virtualServices
            .filter { entry in
                let gateways = entry.spec.gateways ?? []
                return gateways.isEmpty || gateways.contains(Self.meshGateway)
            }
            .sorted { ($0.creationIndex, $0.name) < ($1.creationIndex, $1.name) }
            .map { entry in
                var entry = entry
                let namespace = entry.namespace
                entry.spec.hosts = entry.spec.hosts.map { resolve($0, namespace) }
                entry.spec.http = entry.spec.http?.map { rule in
                    var rule = rule
                    rule.route = rule.route?.map { destination in
                        var destination = destination
                        destination.destination.host = resolve(destination.destination.host, namespace)
                        return destination
                    }
                    return rule
                }
                entry.spec.tcp = entry.spec.tcp?.map { rule in
                    var rule = rule
                    rule.route = rule.route.map { destination in
                        var destination = destination
                        destination.destination.host = resolve(destination.destination.host, namespace)
                        return destination
                    }
                    return rule
                }
                return entry
            }

        var merged: [(host: String, rule: DestinationRule)] = []
        for entry in config.destinationRules.sorted(by: { ($0.creationIndex, $0.name) < ($1.creationIndex, $1.name) }) {
            let host = resolve(entry.spec.host, entry.namespace)
            if let index = merged.firstIndex(where: { $0.host == host }) {
                var rule = merged[index].rule
                for subset in entry.spec.subsets ?? [] where !(rule.subsets ?? []).contains(where: { $0.name == subset.name }) {
                    rule.subsets = (rule.subsets ?? []) + [subset]
                }
                merged[index].rule = rule
            } else {
                var rule = entry.spec
                rule.host = host
                merged.append((host, rule))
            }
        }
        destinationRules = merged
    }

    /// The rule for a service: an exact host first, else the most specific wildcard covering it
    /// (`MostSpecificHostMatch`).
    func destinationRule(for hostname: String) -> DestinationRule? {
        if let exact = destinationRules.first(where: { $0.host == hostname }) { return exact.rule }
        return destinationRules
            .filter { $0.host.hasPrefix("*") && HostMatching.matches($0.host, hostname) }
            .max { $0.host.count < $1.host.count }?.rule
    }
}
