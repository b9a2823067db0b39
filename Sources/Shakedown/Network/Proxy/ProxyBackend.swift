import Capture
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Rootless network faults: every node gets a loopback address of its own (127.0.0.N) and,
/// for each of its ports, a TCP proxy in the runner on the announced address that forwards
/// to the port the node really listens on. The proxy tells which node a connection comes
/// from by its source address, so nodes must bind their outgoing connections to their own
/// address (`bind-source-addr`); the runner's clients come from 127.0.0.1 and are never
/// faulted.
///
/// Faults, per directed link, on new and open connections alike:
/// - cut (partition, isolate, drop with probability 1): bytes are held, not forwarded, and
///   the connection stays open; on heal they go through (see `DirectionGate`).
/// - drop with probability p < 1: chunks are held for random retransmission timeouts
///   (see `RetransmissionDelay`); bytes are never lost from the middle of a stream.
/// - delay: every chunk waits that much longer.
/// - reset: RST to both ends of the link's open connections.
///
/// `record(to:)` writes what the proxies forward as a pcap (see `ProxyRecording`).
public final class ProxyBackend: NetworkBackend {
    private struct State {
        var placements: [NodePlacement] = []
        var nodeByAddress: [String: String] = [:]
        var listeners: [Channel] = []
        var connections: [Int: ProxyConnection] = [:]
        var nextConnection = 0
        var faults = LinkFaults()
        var isSetUp = false
        var isTornDown = false
        var capture: SynthesizedCapture?
    }

    public let name = "proxy"
    private let group: any EventLoopGroup
    private let seed: UInt64
    private let state = NIOLockedValueBox(State())
    /// One fault change at a time, so that open connections end up with the last one.
    private let serial = AsyncMutex()

    /// `seed` drives the loss model's random choices.
    public init(group: any EventLoopGroup, seed: UInt64 = 0) {
        self.group = group
        self.seed = seed
    }

    public var nodes: [String] { state.withLockedValue { $0.placements.map(\.node) } }
    public var faults: LinkFaults { state.withLockedValue { $0.faults } }
    public var connector: any NetworkConnector { LoopbackConnector() }
    public var clientCommandPrefix: [String] { [] }

    /// From now on, every connection accepted is also written to `capture` as the packets a
    /// capture on `lo` would show (the way to capture without root); the caller closes it
    /// after `tearDown`.
    public func record(to capture: SynthesizedCapture) {
        state.withLockedValue { $0.capture = capture }
    }

    public func setUp(nodes requests: [NodeNetworkRequest]) async throws -> [NodePlacement] {
        try state.withLockedValue { state in
            guard !state.isSetUp else { throw NetworkError.wrongState("the proxy network is already set up") }
            state.isSetUp = true
        }
        try NodeNameRules.validate(requests.map(\.node))
        var placements: [NodePlacement] = []
        do {
            for (index, request) in requests.enumerated() {
                let address = try LoopbackAddresses.node(index)
                let roles = request.ports.keys.sorted()
                let nodePorts = try LoopbackAddresses.freePorts(on: address, count: roles.count)
                var listenPorts: [String: Int] = [:]
                var announcePorts: [String: Int] = [:]
                for (role, port) in zip(roles, nodePorts) {
                    let listener = try await listen(on: address, forwardingTo: port, of: request.node)
                    listenPorts[role] = port
                    announcePorts[role] = listener.localAddress?.port ?? 0
                }
                let placement = NodePlacement(
                    node: request.node, listenHost: address, listenPorts: listenPorts, announceHost: address,
                    announcePorts: announcePorts, sourceAddress: address)
                placements.append(placement)
                state.withLockedValue {
                    $0.placements.append(placement)
                    $0.nodeByAddress[address] = request.node
                }
            }
        } catch {
            try? await tearDown()
            throw error
        }
        return placements
    }

    /// A proxy for one port of `node`: listens on a free port of its address.
    private func listen(on address: String, forwardingTo port: Int, of node: String) async throws -> Channel {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] inbound in
                inbound.eventLoop.makeCompletedFuture {
                    accept(inbound, server: node, target: address, port: port)
                }
            }
            .bind(host: address, port: 0)
            .get()
        state.withLockedValue { $0.listeners.append(channel) }
        return channel
    }

    private func accept(_ inbound: Channel, server: String, target: String, port: Int) {
        let peer = inbound.remoteAddress?.ipAddress
        let connection: ProxyConnection? = state.withLockedValue { state in
            guard !state.isTornDown else { return nil }
            let id = state.nextConnection
            state.nextConnection += 1
            let client = peer.flatMap { state.nodeByAddress[$0] }
            let connection = ProxyConnection(
                id: id, client: client, server: server, inbound: inbound, faults: state.faults,
                seed: seed &+ UInt64(id) &* 0x9E37_79B9,
                recording: state.capture.flatMap { ProxyRecording.open(in: $0, accepted: inbound) })
            state.connections[id] = connection
            return connection
        }
        guard let connection else {
            inbound.close(promise: nil)
            return
        }
        connection.start(target: target, port: port) { [self] in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: connection.id) }
        }
    }

    public func apply(_ faults: LinkFaults) async throws {
        try await serial.run {
            let connections: [ProxyConnection] = try state.withLockedValue { state in
                guard state.isSetUp, !state.isTornDown else { throw NetworkError.wrongState("the proxy network is not up") }
                let known = Set(state.placements.map(\.node))
                if let stranger = NodeOrder.sorted(faults.nodes.subtracting(known)).first {
                    throw NetworkError.unknownNode(stranger)
                }
                state.faults = faults
                return Array(state.connections.values)
            }
            // Every open connection sees the change before this returns; connections opened
            // from now on start with it.
            for connection in connections {
                try await connection.loop.submit { connection.apply(faults) }.get()
            }
        }
    }

    public func reset(from: String, to: String) async throws {
        try await serial.run {
            let connections: [ProxyConnection] = try state.withLockedValue { state in
                let known = Set(state.placements.map(\.node))
                for node in [from, to] where !known.contains(node) { throw NetworkError.unknownNode(node) }
                return state.connections.values.filter { $0.joins(from, to) }
            }
            for connection in connections {
                try await connection.loop.submit { connection.reset() }.get()
            }
        }
    }

    public func tearDown() async throws {
        let (listeners, connections) = state.withLockedValue { state in
            state.isTornDown = true
            defer {
                state.listeners = []
                state.connections = [:]
            }
            return (state.listeners, Array(state.connections.values))
        }
        for listener in listeners { try? await listener.close() }
        for connection in connections {
            try? await connection.loop.submit { connection.close() }.get()
        }
    }
}

/// The runner's clients on the proxy network: plain connections from 127.0.0.1.
struct LoopbackConnector: NetworkConnector {
    func connectedSocket(host: String, port: Int, timeout: Duration) throws -> CInt {
        let family = try TCPConnect.family(of: host)
        let fd = try TCPConnect.socket(family: family)
        if family == AF_INET {
            do { try TCPConnect.bind(fd, to: LoopbackAddresses.client) } catch {
                close(fd)
                throw error
            }
        }
        try TCPConnect.connect(fd, host: host, port: port, timeout: timeout)
        return fd
    }
}
