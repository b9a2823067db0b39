import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// Network faults with real packets (root only): each node in a network namespace of its
/// own on a bridge (see `NetnsLayout`), the runner's clients in another, faults as iptables
/// rules inside the node namespaces (see `NetnsRules`), delays as netem qdiscs where the
/// kernel has them, resets with `ss -K`. The root namespace gains no interface, address or
/// rule: every change happens inside namespaces named after this run.
///
/// - cut (partition, isolate, drop with probability 1): DROP in the receiver's INPUT chain;
///   open connections see a silent peer, as in a partition.
/// - drop with probability p < 1: `-m statistic --mode random --probability p`.
/// - delay: netem on the sender's device; throws `unsupported` without netem.
/// - reset: `ss -K` in both namespaces: RST to both ends.
///
/// Nodes must bind their listening and outgoing sockets to their address and run behind
/// `ip netns exec`; their peers are not on the loopback interface, hence `protected-mode no`.
public final class NetnsBackend: NetworkBackend {
    private struct State {
        var layout: NetnsLayout?
        var placements: [NodePlacement] = []
        var faults = LinkFaults()
        /// The filter table last written in each node namespace.
        var tables: [String: String] = [:]
        var factory: NamespaceSocketFactory?
        var isSetUp = false
        var isTornDown = false
    }

    public let name = "netns"
    public let support: NetnsSupport
    private let state = NIOLockedValueBox(State())
    private let serial = AsyncMutex()
    private let ip: String

    /// Fails with the reason when this machine cannot run it.
    public static func make() async throws -> NetnsBackend {
        NetnsBackend(support: try await NetnsSupport.probe().get())
    }

    public init(support: NetnsSupport) {
        self.support = support
        ip = ExternalCommand.locate("ip") ?? "ip"
    }

    public var nodes: [String] { state.withLockedValue { $0.placements.map(\.node) } }
    public var faults: LinkFaults { state.withLockedValue { $0.faults } }

    public var connector: any NetworkConnector {
        state.withLockedValue { state in
            state.factory.map { NamespaceConnector(factory: $0) as any NetworkConnector } ?? NotSetUpConnector()
        }
    }

    public var clientCommandPrefix: [String] {
        state.withLockedValue { $0.layout.map { [ip, "netns", "exec", $0.client] } ?? [] }
    }

    /// Where one capture sees every packet, between the runner's clients and the nodes and
    /// between nodes, once: the hub namespace's bridge, in promiscuous mode (a bridge passes
    /// up frames it forwards between its ports only then). Nil before `setUp`.
    var captureNamespace: String? { state.withLockedValue { $0.layout?.hub } }
    static let captureInterface = NetnsLayout.bridge

    public func setUp(nodes requests: [NodeNetworkRequest]) async throws -> [NodePlacement] {
        try await serial.run {
            try state.withLockedValue { state in
                guard !state.isSetUp else { throw NetworkError.wrongState("the netns network is already set up") }
                state.isSetUp = true
            }
            let names = requests.map(\.node)
            try NodeNameRules.validate(names)
            _ = Self.registerTerminationCleanup
            guard names.count <= NetnsLayout.maximumNodes else {
                throw NetworkError.invalid("netns has room for \(NetnsLayout.maximumNodes) nodes")
            }
            await Self.removeStaleNamespaces()
            let layout = NetnsLayout(pid: getpid(), instance: NetnsSupport.nextInstance(), nodes: names)
            state.withLockedValue { $0.layout = layout }
            do {
                try await build(layout)
                let factory = try NamespaceSocketFactory(namespace: layout.client)
                let placements = requests.map { placement(for: $0, layout: layout) }
                state.withLockedValue {
                    $0.factory = factory
                    $0.placements = placements
                }
                return placements
            } catch {
                await destroy(layout)
                throw error
            }
        }
    }

    private func placement(for request: NodeNetworkRequest, layout: NetnsLayout) -> NodePlacement {
        let address = layout.address(of: request.node)!
        // Each node has an address of its own: the ports asked for are free there.
        var ports: [String: Int] = [:]
        for (k, role) in request.ports.keys.sorted().enumerated() {
            ports[role] = request.ports[role]! > 0 ? request.ports[role]! : 20000 + k
        }
        return NodePlacement(
            node: request.node, listenHost: address, listenPorts: ports, announceHost: address, announcePorts: ports,
            sourceAddress: address, directives: [NodeDirective("protected-mode", "no")],
            commandPrefix: [ip, "netns", "exec", layout.namespace(of: request.node)])
    }

    /// The hub with its bridge, then a namespace per endpoint (clients, nodes) wired to it.
    private func build(_ layout: NetnsLayout) async throws {
        let endpoints = [(layout.client, layout.clientAddress)] + layout.nodes.map { (layout.namespace(of: $0), layout.address(of: $0)!) }
        try await ExternalCommand([ip, "-batch", "-"], input: batch(layout.namespaces.map { "netns add \($0)" })).check()
        var hub = ["link set lo up", "link add \(NetnsLayout.bridge) type bridge", "link set \(NetnsLayout.bridge) up"]
        for (index, (namespace, _)) in endpoints.enumerated() {
            let veth = layout.hubDevice(endpoint: index)
            hub += [
                "link add \(veth) type veth peer name \(NetnsLayout.device) netns \(namespace)",
                "link set \(veth) master \(NetnsLayout.bridge)", "link set \(veth) up",
            ]
        }
        try await ExternalCommand([ip, "-n", layout.hub, "-batch", "-"], input: batch(hub)).check()
        for (namespace, address) in endpoints {
            let inside = [
                "link set lo up", "addr add \(address)/\(NetnsLayout.prefixLength) dev \(NetnsLayout.device)",
                "link set \(NetnsLayout.device) up",
            ]
            try await ExternalCommand([ip, "-n", namespace, "-batch", "-"], input: batch(inside)).check()
        }
    }

    private func batch(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    public func apply(_ faults: LinkFaults) async throws {
        try await serial.run {
            let (layout, tables, old) = try state.withLockedValue { state in
                guard let layout = state.layout, state.isSetUp, !state.isTornDown, state.factory != nil else {
                    throw NetworkError.wrongState("the netns network is not up")
                }
                return (layout, state.tables, state.faults)
            }
            if let stranger = NodeOrder.sorted(faults.nodes.subtracting(layout.nodes)).first {
                throw NetworkError.unknownNode(stranger)
            }
            if !faults.delays.isEmpty && !support.hasNetem {
                throw NetworkError.unsupported(
                    "delay needs the kernel's netem qdisc, which this kernel lacks (`tc qdisc add ... netem` fails); "
                        + "the proxy backend can delay")
            }
            for node in layout.nodes {
                let table = NetnsRules.table(for: node, faults: faults, layout: layout)
                if table != (tables[node] ?? NetnsRules.table(for: node, faults: LinkFaults(), layout: layout)) {
                    try await ExternalCommand(
                        [ip, "netns", "exec", layout.namespace(of: node), support.iptablesRestore], input: table
                    ).check()
                    state.withLockedValue { $0.tables[node] = table }
                }
                let before = old.delays.filter { $0.key.from == node }
                let after = faults.delays.filter { $0.key.from == node }
                if before != after {
                    let commands = try NetnsDelay.commands(for: node, faults: faults, layout: layout)
                    let inside = [ip, "netns", "exec", layout.namespace(of: node)]
                    _ = try await ExternalCommand(inside + commands[0]).run()  // nothing to delete is fine
                    for command in commands.dropFirst() { try await ExternalCommand(inside + command).check() }
                }
            }
            state.withLockedValue { $0.faults = faults }
        }
    }

    public func reset(from: String, to: String) async throws {
        try await serial.run {
            guard let layout = state.withLockedValue({ $0.layout }) else {
                throw NetworkError.wrongState("the netns network is not up")
            }
            guard let a = layout.address(of: from) else { throw NetworkError.unknownNode(from) }
            guard let b = layout.address(of: to) else { throw NetworkError.unknownNode(to) }
            for (namespace, peer) in [(layout.namespace(of: from), b), (layout.namespace(of: to), a)] {
                try await ExternalCommand([ip, "netns", "exec", namespace, "ss", "-K", "dst", peer]).check()
            }
        }
    }

    public func tearDown() async throws {
        await serial.run {
            let (layout, factory) = state.withLockedValue { state in
                state.isTornDown = true
                defer { state.factory = nil }
                return (state.layout, state.factory)
            }
            factory?.stop()
            if let layout { await destroy(layout) }
        }
    }

    /// Deleting a namespace takes its interfaces, addresses and rules with it; the veths go
    /// with either end.
    private func destroy(_ layout: NetnsLayout) async {
        let lines = layout.namespaces.reversed().map { "netns del \($0)" }
        _ = try? await ExternalCommand([ip, "-force", "-batch", "-"], input: batch(lines)).run()
    }

    /// Once per process: a SIGINT/SIGTERM teardown also deletes our namespaces.
    static let registerTerminationCleanup: Void = Supervisor.addTerminationCleanup { removeOwnNamespacesNow() }

    /// Deletes this runner's own namespaces, blocking: the teardown after SIGINT/SIGTERM,
    /// when no async tear-down will run.
    static func removeOwnNamespacesNow() {
        func run(_ arguments: [String], input: String? = nil) -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ExternalCommand.locate("ip") ?? "/usr/sbin/ip")
            process.arguments = arguments
            let output = Pipe()
            let stdin = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            if input != nil { process.standardInput = stdin }
            guard (try? process.run()) != nil else { return "" }
            if let input {
                stdin.fileHandleForWriting.write(Data(input.utf8))
                try? stdin.fileHandleForWriting.close()
            }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let me = getpid()
        let mine = NetnsLayout.namespaces(inListing: run(["netns", "list"])).filter {
            NetnsLayout.ownerPid(ofNamespace: $0) == me
        }
        guard !mine.isEmpty else { return }
        _ = run(["-force", "-batch", "-"], input: mine.reversed().map { "netns del \($0)" }.joined(separator: "\n") + "\n")
    }

    /// Deletes namespaces left by runners that are gone (`sd<pid>-...` with no such process).
    static func removeStaleNamespaces() async {
        guard let listing = try? await ExternalCommand(["ip", "netns", "list"]).check() else { return }
        let me = getpid()
        let stale = NetnsLayout.namespaces(inListing: listing).filter { name in
            guard let pid = NetnsLayout.ownerPid(ofNamespace: name), pid != me else { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        guard !stale.isEmpty else { return }
        let input = stale.map { "netns del \($0)" }.joined(separator: "\n") + "\n"
        _ = try? await ExternalCommand(["ip", "-force", "-batch", "-"], input: input).run()
    }
}

/// Before `setUp` (or after `tearDown`) there is nowhere to connect from.
struct NotSetUpConnector: NetworkConnector {
    func connectedSocket(host: String, port: Int, timeout: Duration) throws -> CInt {
        throw NetworkError.wrongState("the netns network is not up: no client namespace to connect from")
    }
}
