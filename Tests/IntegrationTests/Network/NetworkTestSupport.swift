import Foundation
import NIOCore
import NIOPosix
import Shakedown

/// A network backend for one test, always torn down (and its event loops shut down), also
/// when the test fails.
enum NetworkHarness {
    /// A placement's listen ports are free when the backend picks them, but another test's
    /// process may take one before the node binds it: a body that fails with "Address already
    /// in use" runs again on fresh placements (at most three times).
    static func withProxy<T>(
        nodes: [String], ports: [String: Int] = ["client": 0], seed: UInt64 = 1,
        _ body: (ProxyBackend, [NodePlacement]) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withProxyOnce(nodes: nodes, ports: ports, seed: seed, body)
            } catch let error as ServerProcess.Failure where attempt < 3 && error.description.contains("Address already in use") {
                attempt += 1
            }
        }
    }

    private static func withProxyOnce<T>(
        nodes: [String], ports: [String: Int], seed: UInt64, _ body: (ProxyBackend, [NodePlacement]) async throws -> T
    ) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let backend = ProxyBackend(group: group, seed: seed)
        do {
            let placements = try await backend.setUp(nodes: nodes.map { NodeNetworkRequest(node: $0, ports: ports) })
            let result = try await body(backend, placements)
            try await backend.tearDown()
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await backend.tearDown()
            try? await group.shutdownGracefully()
            throw error
        }
    }
}

extension NodePlacement {
    /// Command-line arguments that put a Redis node (ours or redis-server) where the backend
    /// says, after `--port <listen client port>`.
    var redisArguments: [String] {
        var arguments = ["--bind", listenHost, "--bind-source-addr", sourceAddress]
        if let bus = listenPorts["bus"], let announcedBus = announcePorts["bus"], let client = announcePorts["client"] {
            arguments += [
                "--cluster-port", String(bus), "--cluster-announce-ip", announceHost, "--cluster-announce-port",
                String(client), "--cluster-announce-bus-port", String(announcedBus),
            ]
        }
        return arguments + directives.flatMap(\.arguments)
    }

    var announcedClient: String { "\(announceHost):\(announcePorts["client"]!)" }
}

extension ServerProcess {
    /// A Redis node placed by a network backend, working in `directory` (its own, so that
    /// snapshots made for replication never meet another node's).
    static func placed(
        _ placement: NodePlacement, kind: ClusterNodes.Kind, _ arguments: [String], in directory: TemporaryDirectory
    ) throws -> ServerProcess {
        let binary = kind == .shakedown ? shakedownBinary : try ExternalTool.locate("redis-server")
        let dir = directory.url.appendingPathComponent(placement.node)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try ServerProcess(
            binary,
            arguments: placement.redisArguments + ["--save", "", "--appendonly", "no", "--dir", dir.path] + arguments,
            directory: dir, port: placement.listenPorts["client"]!, commandPrefix: placement.commandPrefix)
    }
}

extension TCPStream {
    /// Sends PING and waits for +PONG; false when none comes within `timeout`.
    func ping(timeout: TimeInterval) -> Bool {
        guard write("PING\r\n") else { return false }
        return pong(timeout: timeout)
    }

    /// Whether +PONG (an answer to an earlier PING) arrives within `timeout`.
    func pong(timeout: TimeInterval) -> Bool {
        String(decoding: read(exactly: 7, timeout: timeout), as: UTF8.self) == "+PONG\r\n"
    }
}

/// Sends PING over a NIO channel made by a backend's connector and returns the first bytes
/// that come back: the path a harness client takes.
enum ConnectorPing {
    static func ping(_ connector: any NetworkConnector, host: String, port: Int) async throws -> String {
        let group = MultiThreadedEventLoopGroup.singleton
        let reply = group.next().makePromise(of: String.self)
        let channel = try await connector.connect(host: host, port: port, on: group) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(FirstReply(reply))
            }
        }
        defer { channel.close(promise: nil) }
        try await channel.writeAndFlush(ByteBuffer(string: "PING\r\n"))
        return try await reply.futureResult.get()
    }

    private final class FirstReply: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let promise: EventLoopPromise<String>

        init(_ promise: EventLoopPromise<String>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            promise.succeed(String(buffer: unwrapInboundIn(data)))
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(ChannelError.eof)
        }
    }
}
