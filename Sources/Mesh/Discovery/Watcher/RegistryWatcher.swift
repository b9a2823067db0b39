import Logging
import NIOConcurrencyHelpers

/// Keeps the hub's services in step with the registry: a blocking query on the service list,
/// then every service re-read when its index moves (Pilot 1.1 polled every 2 s; blocking
/// queries give the same result sooner). A registry that is down is logged once per outage;
/// the last known services stay in force and reads are retried with backoff.
public final class RegistryWatcher: Sendable {
    let source: any CatalogSource
    let hub: DiscoveryHub
    let wait: Duration
    let initialBackoff: Duration
    let maxBackoff: Duration
    let logger: Logger
    private let failures = NIOLockedValueBox(0)

    public init(
        source: any CatalogSource, hub: DiscoveryHub, wait: Duration = .seconds(30), initialBackoff: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(5), logger: Logger = Logger(label: "shakedown-mesh.discovery.registry")
    ) {
        self.source = source
        self.hub = hub
        self.wait = wait
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.logger = logger
    }

    /// Failed reads since the last successful one.
    public var consecutiveFailures: Int { failures.withLockedValue { $0 } }

    /// Watches until the task is cancelled.
    public func run() async {
        var index: Int?
        var backoff = initialBackoff
        while !Task.isCancelled {
            do {
                let names = try await source.services(index: index, wait: index == nil ? nil : wait)
                // Consul: an index that goes backwards means the registry was reset; read it all.
                if index == nil || names.index != index {
                    try await refresh(names.value.keys.sorted())
                }
                index = max(names.index, 1)
                let failed = failures.withLockedValue { count in
                    defer { count = 0 }
                    return count
                }
                if failed > 0 { logger.notice("registry reachable again after \(failed) failed reads") }
                backoff = initialBackoff
            } catch {
                if Task.isCancelled { return }
                let count = failures.withLockedValue { count in
                    count += 1
                    return count
                }
                if count == 1 {
                    logger.error("registry unreachable: \(error); keeping the last known \(hub.services.count) services, retrying")
                }
                index = nil
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }

    private func refresh(_ names: [String]) async throws {
        var catalog: [String: [ConsulCatalogService]] = [:]
        for name in names {
            catalog[name] = try await source.service(name, index: nil, wait: nil).value
        }
        let result = ConsulServiceConversion.services(from: catalog)
        if hub.update(services: result.services) {
            for warning in result.warnings { logger.warning("\(warning)") }
            logger.info("registry changed: \(result.services.count) services, push version \(hub.version)")
        }
    }
}
