import Foundation
import Testing
import Shakedown

/// Start-up refusals in cluster mode, with redis-server 7.0 as the oracle: keys outside
/// db 0, and a corrupt nodes.conf.
@Suite(.serialized) struct ClusterStartupTests {
    private func start(_ binary: URL, in dir: TemporaryDirectory) throws -> (status: Int32, output: String) {
        try ServerProcess.runExpectingExit(
            binary,
            [
                "--port", String(try FreePort.find()), "--cluster-enabled", "yes", "--cluster-port",
                String(try FreePort.find()), "--dir", dir.url.path, "--save", "",
            ])
    }

    /// Redis 7.0 means to exit with "You can't have keys in a DB different than DB 0 when in
    /// Cluster mode"; 7.0.15 in fact dies of SIGSEGV while loading such a file (in
    /// slotToKeyAddEntry, before the check). Either way it does not start; we print the message.
    @Test func keysOutsideDatabaseZeroStopStartUp() throws {
        func run(_ binary: URL) throws -> (status: Int32, output: String) {
            let dir = try TemporaryDirectory("cluster-multidb")
            try FileManager.default.copyItem(
                at: PackagePaths.root.appendingPathComponent("Fixtures/rdb/multidb.rdb"),
                to: dir.url.appendingPathComponent("dump.rdb"))
            return try start(binary, in: dir)
        }
        let ours = try run(ServerProcess.shakedownBinary)
        #expect(ours.status == 1, "\(ours.output)")
        #expect(
            ours.output.contains("You can't have keys in a DB different than DB 0 when in Cluster mode. Exiting."),
            "\(ours.output)")
        let redis = try run(try ExternalTool.locate("redis-server"))
        #expect(redis.status != 0, "\(redis.output)")
    }

    @Test func corruptNodesConfStopsStartUpNamingTheFile() throws {
        for binary in [ServerProcess.shakedownBinary, try ExternalTool.locate("redis-server")] {
            let dir = try TemporaryDirectory("cluster-corrupt")
            try "this is not a nodes.conf\nvars currentEpoch x\n".write(
                to: dir.url.appendingPathComponent("nodes.conf"), atomically: true, encoding: .utf8)
            let run = try start(binary, in: dir)
            #expect(run.status == 1, "\(binary.lastPathComponent): \(run.output)")
            #expect(run.output.contains("Unrecoverable error: corrupted cluster config file"), "\(run.output)")
            if binary == ServerProcess.shakedownBinary {
                #expect(run.output.contains("nodes.conf") && run.output.contains("Line 1"), "\(run.output)")
            }
        }
    }
}
