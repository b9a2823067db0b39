/// RDB snapshots and the append-only file. (Being written: see the RDB and AOF files.)
final class Persistence {
    unowned let node: RedisNode

    init(node: RedisNode) {
        self.node = node
    }

    var writeDeniedError: RedisError? { nil }

    func appendCommand(db: Int, _ command: [Bytes]) {}

    func flushAppendOnlyBuffer() {}

    func loadAtStartup() throws {}

    func cron() {}

    /// Returns false when a required final save failed.
    func prepareForShutdown(save: Bool?) -> Bool { true }
}
