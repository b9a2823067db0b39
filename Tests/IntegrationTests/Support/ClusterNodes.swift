import Foundation
import Shakedown

/// Cluster-enabled servers for a test: each with its own directory, a free client port and
/// a free bus port (`cluster-port`, since client port + 10000 may not be free or valid),
/// node-timeout 1 s. Our node or redis-server; killed when the value goes away.
final class ClusterNodes {
    enum Kind { case shakedown, reference }

    let directory: TemporaryDirectory
    private(set) var servers: [ServerProcess?] = []
    private(set) var busPorts: [Int] = []
    private var kinds: [Kind] = []

    init(_ kinds: [Kind], nodeTimeout: Int = 1000) throws {
        directory = try TemporaryDirectory("cluster")
        for kind in kinds { try add(kind, nodeTimeout: nodeTimeout) }
    }

    convenience init(count: Int, kind: Kind = .shakedown) throws {
        try self.init(Array(repeating: kind, count: count))
    }

    @discardableResult
    func add(_ kind: Kind, nodeTimeout: Int = 1000) throws -> Int {
        let index = servers.count
        let dir = directory.url.appendingPathComponent("node\(index)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        kinds.append(kind)
        busPorts.append(0)  // picked by start
        servers.append(try start(index, kind: kind, nodeTimeout: nodeTimeout))
        return index
    }

    private func arguments(_ index: Int, nodeTimeout: Int) -> [String] {
        [
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
            String(nodeTimeout), "--dir", dir(index).path,
            "--save", "", "--appendonly", "no",
        ]
    }

    func dir(_ index: Int) -> URL { directory.url.appendingPathComponent("node\(index)") }

    private func start(_ index: Int, kind: Kind, nodeTimeout: Int, port: Int? = nil) throws -> ServerProcess {
        let binary = kind == .shakedown ? ServerProcess.shakedownBinary : try ExternalTool.locate("redis-server")
        return try ServerProcess(binary, arguments: arguments(index, nodeTimeout: nodeTimeout), directory: dir(index), port: port) {
            // The bus port can be taken meanwhile as the client port can: a new one for every
            // attempt to start. A restart keeps its ports (the others know them).
            if port == nil { busPorts[index] = try FreePort.find() }
            return ["--cluster-port", String(busPorts[index])]
        }
    }

    func port(_ index: Int) -> Int { servers[index]!.port }
    var addresses: [String] { servers.indices.map { "127.0.0.1:\(port($0))" } }

    func connect(_ index: Int) throws -> RedisConnection { try RedisConnection(port: port(index)) }

    /// kill -9.
    func kill(_ index: Int) { servers[index]?.stop() }

    /// Starts node `index` again on the same port and directory (so with its nodes.conf).
    func restart(_ index: Int, nodeTimeout: Int = 1000) throws {
        let port = servers[index]!.port
        servers[index]!.stop()
        servers[index] = try start(index, kind: kinds[index], nodeTimeout: nodeTimeout, port: port)
    }

    /// `redis-cli <arguments>` (reading `input` when given): status and output.
    static func cli(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        try ExternalTool.run("redis-cli", arguments, input: input)
    }

    /// Polls `condition` every 100 ms up to `timeout` seconds.
    static func waitFor(_ timeout: TimeInterval = 20, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// A field of CLUSTER INFO (or INFO) on node `index`.
    func info(_ index: Int, _ field: String, section: String = "cluster") throws -> String? {
        let command = section == "cluster" ? ["cluster", "info"] : ["info", section]
        guard case .bulkString(let bytes?)? = try? connect(index).send(command) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\r\n") where line.hasPrefix(field + ":") {
            return String(line.dropFirst(field.count + 1))
        }
        return nil
    }

    deinit { for s in servers { s?.stop() } }
}

/// One line of CLUSTER NODES as a test reads it.
struct ClusterNodesLine {
    var id: String
    var port: Int
    var flags: Set<String>
    var master: String?
    var slots: [String]

    var isMaster: Bool { flags.contains("master") }
    var isFailed: Bool { flags.contains("fail") }

    static func parse(_ text: String) -> [ClusterNodesLine] {
        text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ").map(String.init)
            guard f.count >= 8 else { return nil }
            let address = f[1].split(separator: "@")[0]
            let port = Int(address.split(separator: ":").last ?? "") ?? 0
            return ClusterNodesLine(
                id: f[0], port: port, flags: Set(f[2].split(separator: ",").map(String.init)),
                master: f[3] == "-" ? nil : f[3], slots: Array(f.dropFirst(8)))
        }
    }
}

extension ClusterNodes {
    /// CLUSTER NODES of node `index`, parsed (empty if it does not answer).
    func nodesView(_ index: Int) -> [ClusterNodesLine] {
        guard let reply = try? connect(index).send(["cluster", "nodes"]) else { return [] }
        switch reply {
        case .bulkString(let bytes?): return ClusterNodesLine.parse(String(decoding: bytes, as: UTF8.self))
        case .verbatim(_, let text): return ClusterNodesLine.parse(text)
        default: return []
        }
    }

    /// Every live replica reports `master_link_status:up`.
    func replicasInSync() -> Bool {
        servers.indices.allSatisfy { i in
            guard servers[i]?.isRunning == true else { return true }
            guard (try? info(i, "role", section: "replication")) == "slave" else { return true }
            return (try? info(i, "master_link_status", section: "replication")) == "up"
        }
    }

    /// The index of the node listening on `port`.
    func index(ofPort port: Int) -> Int? { servers.indices.first { servers[$0]?.port == port } }
}
