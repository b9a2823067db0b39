import ArgumentParser
import Foundation
import NIOPosix
import Shakedown

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start a system to poke at, print its endpoints, and tear it down on Ctrl-C.")

    @Argument(help: "The system to start: redis-cluster or mesh (Bookinfo on the Istio-style mesh).")
    var system: String

    @Option(help: "mesh: how apps register — master (with protocol metadata) or latest (without, registrator#633).")
    var registrator: MeshPlan.Registrator = .master

    @Option(help: "Number of masters (at least 3).")
    var masters = 3

    @Option(help: "Replicas per master.")
    var replicas = 1

    @Option(name: .customLong("node-timeout"), help: "cluster-node-timeout, e.g. 1000ms or 5s.")
    var nodeTimeout = "1000ms"

    @OptionGroup var targetOptions: TargetOptions

    @Option(help: "Folder for node files and logs (default: a new temporary folder).")
    var directory: String?

    func validate() throws {
        guard ["redis-cluster", "mesh"].contains(system) else {
            throw ValidationError("unknown system '\(system)'; known: redis-cluster, mesh")
        }
        guard masters >= 3 else { throw ValidationError("Redis Cluster needs at least 3 masters") }
        guard (0...8).contains(replicas) else { throw ValidationError("--replicas must be 0...8") }
        guard DurationText.parse(nodeTimeout) != nil else { throw ValidationError("--node-timeout '\(nodeTimeout)' is not a duration") }
    }

    func run() async throws {
        try Supervisor.installTerminationHandlers()
        if system == "mesh" { return try await runMesh() }
        let target = try targetOptions.locate()
        let folder = try workingFolder()
        let topology = Topology(masters: masters, replicasPerMaster: replicas, nodeTimeout: DurationText.parse(nodeTimeout)!)
        let launch = ClusterLaunch(
            target: target, topology: topology, networkChoice: targetOptions.network, directory: folder, seed: 1)
        let started = ContinuousClock.now
        let cluster: RedisCluster
        let network: any NetworkBackend
        do {
            let launched = try await launch.start(group: MultiThreadedEventLoopGroup.singleton)
            (cluster, network) = (launched.cluster, launched.network)
        } catch {
            FileHandle.standardError.write(Data("shakedown up: \(error)\n".utf8))
            throw ExitCode(ExitStatus.unknown.rawValue)
        }
        let elapsed = ContinuousClock.now - started
        say("redis-cluster ready in \(String(format: "%.2f", elapsed.seconds)) s (\(target.kind.rawValue), \(topology), network \(network.name))")
        for endpoint in await cluster.endpoints {
            say("\(endpoint.name) redis://\(endpoint.address) \(endpoint.role)")
        }
        if !network.clientCommandPrefix.isEmpty {
            say("clients reach the nodes with: \(network.clientCommandPrefix.joined(separator: " ")) redis-cli -c -h HOST -p PORT")
        }
        say("files and logs: \(folder.path)")
        say("Ctrl-C to stop")
        // Ctrl-C (or SIGTERM) runs the supervisor's teardown: processes stopped, network
        // cleaned up, and the runner ends by that signal.
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// `--directory`, or a new temporary folder.
    func workingFolder() throws -> URL {
        let folder = URL(
            fileURLWithPath: directory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("shakedown-up-\(ProcessInfo.processInfo.processIdentifier)").path,
            isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension MeshPlan.Registrator: ExpressibleByArgument {}
