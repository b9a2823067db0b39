import Capture
import NIOConcurrencyHelpers

/// A network backend whose traffic is written to a pcap while it is up (a suite's
/// `capture: true`): the capture starts when `setUp` has placed the nodes — before any node
/// starts, so cluster formation is in it — and stops at `tearDown`. Everything else is the
/// wrapped backend's.
///
/// How, in order of preference:
/// - live, with libpcap, on the announced ports of every node (client and bus), where that
///   traffic is visible: `lo` for the proxy backend (its proxies' ports, so each connection
///   appears once, as its client saw it, not again on the proxy's leg to the node); for netns
///   the hub namespace's bridge, which every packet between namespaces crosses once
///   (`NetnsBackend.captureNamespace`). Needs root or CAP_NET_RAW.
/// - without them, on the proxy backend: the proxy writes what it forwards as synthesized
///   packets (`ProxyBackend.record(to:)`).
/// - neither: no file, and `summary` says why. Never an error: a run without its capture is
///   still a run.
public final class CapturingNetwork: NetworkBackend {
    public let inner: any NetworkBackend
    /// The pcap written.
    public let path: String
    /// Where traffic on loopback addresses is captured (the proxy backend's): `lo`.
    public let loopbackInterface: String
    private let state = NIOLockedValueBox(State())

    private struct State {
        var live: LiveCapture?
        var synthesized: SynthesizedCapture?
        /// How the capture is made, or why there is none.
        var method = "not started: the network was never set up"
        var counts: String?
    }

    public init(_ inner: any NetworkBackend, path: String, loopbackInterface: String = "lo") {
        self.inner = inner
        self.path = path
        self.loopbackInterface = loopbackInterface
    }

    /// For the report: how the capture was made and what it holds, or why there is none
    /// (then starting with "none:").
    public var summary: String {
        state.withLockedValue { state in state.counts.map { "\(state.method): \($0)" } ?? state.method }
    }

    public var name: String { inner.name }
    public var nodes: [String] { inner.nodes }
    public var connector: any NetworkConnector { inner.connector }
    public var clientCommandPrefix: [String] { inner.clientCommandPrefix }
    public var faults: LinkFaults { inner.faults }
    public func apply(_ faults: LinkFaults) async throws { try await inner.apply(faults) }
    public func reset(from: String, to: String) async throws { try await inner.reset(from: from, to: to) }

    public func setUp(nodes requests: [NodeNetworkRequest]) async throws -> [NodePlacement] {
        let placements = try await inner.setUp(nodes: requests)
        await startCapture(ports: placements.flatMap { $0.announcePorts.values })
        return placements
    }

    public func tearDown() async throws {
        // Live first, while the interfaces still exist; the proxy's file after the proxy has
        // recorded its last closes.
        let live = state.withLockedValue { $0.live }
        let liveCounts = live?.stop()
        defer {
            state.withLockedValue { state in
                if let liveCounts { state.counts = liveCounts.description }
                if let synthesized = state.synthesized { state.counts = synthesized.close().description }
            }
        }
        try await inner.tearDown()
    }

    private func startCapture(ports: [Int]) async {
        let filter: String
        do {
            filter = try CapturePorts(ports: ports).bpfFilter
        } catch {
            return state.withLockedValue { $0.method = "none: \(error)" }
        }
        let liveFailure: String
        do {
            let method = try await startLive(filter: filter)
            return state.withLockedValue { $0.method = method }
        } catch {
            liveFailure = "\(error)"
        }
        guard let proxy = inner as? ProxyBackend else {
            return state.withLockedValue { $0.method = "none: \(liveFailure)" }
        }
        do {
            let synthesized = try SynthesizedCapture(path: path)
            proxy.record(to: synthesized)
            state.withLockedValue {
                $0.synthesized = synthesized
                $0.method = "synthesized by the proxy from what it forwarded (no live capture: \(liveFailure))"
            }
        } catch {
            state.withLockedValue { $0.method = "none: \(liveFailure); and the proxy cannot write one: \(error)" }
        }
    }

    /// Starts libpcap where the backend's traffic is visible; returns how.
    private func startLive(filter: String) async throws -> String {
        if let netns = inner as? NetnsBackend, let namespace = netns.captureNamespace {
            let interface = NetnsBackend.captureInterface
            let live = LiveCapture(path: path, configuration: LiveCaptureConfiguration(interface: interface, filter: filter, promiscuous: true))
            try await NetworkNamespace.run(in: namespace) { try live.start() }
            state.withLockedValue { $0.live = live }
            return "live on \(interface) in namespace \(namespace), filter \(filter)"
        }
        let live = LiveCapture(path: path, configuration: LiveCaptureConfiguration(interface: loopbackInterface, filter: filter))
        try live.start()
        state.withLockedValue { $0.live = live }
        return "live on \(loopbackInterface), filter \(filter)"
    }
}
