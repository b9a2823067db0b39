import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The snapshot a replica receives from its master: kept as the node's RDB file (as Redis
/// does when it loads from disk, so a restart resumes from it) and loaded into memory.
enum SnapshotStore {
    /// Writes `payload` to `path` atomically (temp file, fsync, rename).
    static func keep(_ payload: ByteBuffer, as path: String) throws {
        let dir = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
        let temp = "\(dir)temp-\(Clock.milliseconds() / 1000).\(getpid()).rdb"
        do {
            let sink = try FileSink(path: temp)
            try payload.withUnsafeReadableBytes { try sink.write($0) }
            try sink.commit(to: path)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Loads `payload` into (empty) `databases`, keeping keys whose TTL has passed: the
    /// master deletes those and says so in the stream. Returns the AUX fields.
    static func load(_ payload: ByteBuffer, into databases: [Database], limits: EncodingLimits) throws -> [String: String] {
        try payload.withUnsafeReadableBytes { raw in
            try RDBDecoder.decodeFile(raw, limits: limits, now: nil, databases: databases.count) { db, key, entry in
                if databases[db].table.index(of: key) != nil {
                    throw RDBError(offset: 0, message: "duplicate key '\(key)' in db \(db)")
                }
                databases[db].add(key, entry)
            }.aux
        }
    }
}
