import Logging
import NIOConcurrencyHelpers

/// The control plane's view of the world: the registry's services, the Istio config and the
/// global push version, a counter that grows whenever either changes (Pilot pushes everything
/// on any change). Per-proxy translations are computed on request and cached for the version;
/// long polls wait here for the next version.
public final class DiscoveryHub: Sendable {
    /// A proxy that asked for configuration, for `/debug/adsz`.
    public struct ProxyStatus: Sendable, Codable, Equatable {
        public var id: String
        public var ip: String
        public var lastVersion: String
        public var lastType: String
        public var requests: Int
    }

    private struct State {
        var services: [MeshService]
        var config: IstioConfigSet
        var version = 1
        var cache: [String: (version: Int, translation: DiscoveryTranslation)] = [:]
        var loggedWarnings: Set<String> = []
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waiters released before they got to register (cancelled or timed out early).
        var released: Set<UInt64> = []
        var nextWaiter: UInt64 = 0
        var closed = false
        var proxies: [String: ProxyStatus] = [:]
    }

    private let state: NIOLockedValueBox<State>
    private let options: DiscoveryTranslator.Options
    private let logger: Logger

    public init(
        services: [MeshService] = [], config: IstioConfigSet = IstioConfigSet(), options: DiscoveryTranslator.Options = .init(),
        logger: Logger = Logger(label: "shakedown-mesh.discovery")
    ) {
        state = NIOLockedValueBox(State(services: services, config: config))
        self.options = options
        self.logger = logger
    }

    /// The current push version, as sent in `version_info`.
    public var version: String { String(state.withLockedValue { $0.version }) }

    public var services: [MeshService] { state.withLockedValue { $0.services } }

    public var config: IstioConfigSet { state.withLockedValue { $0.config } }

    public var proxies: [ProxyStatus] { state.withLockedValue { Array($0.proxies.values) }.sorted { $0.id < $1.id } }

    /// Replaces the services; pushes a new version when they differ. Returns whether they did.
    @discardableResult
    public func update(services: [MeshService]) -> Bool {
        change { state in
            guard state.services != services else { return false }
            state.services = services
            return true
        }
    }

    /// Replaces the Istio config; pushes a new version when it differs.
    @discardableResult
    public func update(config: IstioConfigSet) -> Bool {
        change { state in
            guard state.config != config else { return false }
            state.config = config
            return true
        }
    }

    /// Follows a config feed (the store's `changes()`) until it ends or the task is cancelled.
    public func follow(configs: AsyncStream<IstioConfigSet>) async {
        for await config in configs {
            if update(config: config) { logger.info("config changed, push version \(version)") }
        }
    }

    private func change(_ body: (inout State) -> Bool) -> Bool {
        let waiters: [CheckedContinuation<Void, Never>]? = state.withLockedValue { state in
            guard body(&state) else { return nil }
            state.version += 1
            state.cache = [:]
            state.loggedWarnings = []
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters?.forEach { $0.resume() }
        return waiters != nil
    }

    /// The proxy's configuration at the current version, computed once per version.
    public func translation(for proxy: DiscoveryProxy) -> DiscoveryTranslation {
        let (version, services, config, cached) = state.withLockedValue { state in
            (state.version, state.services, state.config, state.cache[proxy.id].flatMap { $0.version == state.version ? $0.translation : nil })
        }
        if let cached { return cached }
        let translation = DiscoveryTranslator.translate(
            services: services, config: config, proxy: proxy, version: String(version), options: options)
        let fresh: [String] = state.withLockedValue { state in
            guard state.version == version else { return [] }
            state.cache[proxy.id] = (version, translation)
            return translation.warnings.filter { state.loggedWarnings.insert($0).inserted }
        }
        // Pilot records these per push; logging each once per version keeps six sidecars from
        // repeating the same conflict six times.
        for warning in fresh { logger.warning("\(warning)") }
        return translation
    }

    /// Notes a request for `/debug/adsz`.
    func record(_ proxy: DiscoveryProxy, type: XDSResourceType, version: String) {
        state.withLockedValue { state in
            var status = state.proxies[proxy.id] ?? ProxyStatus(id: proxy.id, ip: proxy.ip, lastVersion: "", lastType: "", requests: 0)
            status.lastVersion = version
            status.lastType = type.rawValue
            status.requests += 1
            state.proxies[proxy.id] = status
        }
    }

    /// Returns once the version differs from `version`, after `timeout`, when the task is
    /// cancelled or the hub is closed — whichever comes first.
    public func waitForChange(from version: String, timeout: Duration) async {
        let id = state.withLockedValue { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self.release(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let wait = state.withLockedValue { state in
                    guard !state.closed, String(state.version) == version, state.released.remove(id) == nil else { return false }
                    state.waiters[id] = continuation
                    return true
                }
                if !wait { continuation.resume() }
            }
        } onCancel: {
            release(id)
        }
        timer.cancel()
        await timer.value
        state.withLockedValue { _ = $0.released.remove(id) }
    }

    private func release(_ id: UInt64) {
        let waiter = state.withLockedValue { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.released.insert(id)
                return nil as CheckedContinuation<Void, Never>?
            }
            return waiter
        }
        waiter?.resume()
    }

    /// Releases every long poll and makes later ones return at once: shutdown.
    public func close() {
        let waiters = state.withLockedValue { state in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }
}
