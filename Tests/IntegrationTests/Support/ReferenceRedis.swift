import Foundation

/// The reference redis-server with DEBUG enabled, persistence off and a given data
/// directory, for the RDB interop tests.
enum ReferenceRedis {
    static func start(directory: URL, dbfilename: String = "dump.rdb", extraArguments: [String] = []) throws
        -> ServerProcess
    {
        try ServerProcess.reference(
            [
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.path,
                "--dbfilename", dbfilename, "--enable-debug-command", "yes", "--daemonize", "no",
            ] + extraArguments)
    }
}

extension ServerProcess {
    func connect() throws -> RedisConnection { try RedisConnection(port: port) }
}
