import Foundation

/// Writing and reading whole RDB files, with Redis's file discipline: write a temp file in
/// the same directory, fsync, rename over the target.
enum RDBSnapshot {
    static func options(_ config: ServerConfig) -> RDBWriteOptions {
        RDBWriteOptions(compression: config.rdbCompression, checksum: config.rdbChecksum)
    }

    /// Serialises every database to `path` (atomically). Safe to call in a forked child.
    static func write(_ databases: [Database], to path: String, config: ServerConfig, aux: [(String, String)] = [])
        throws
    {
        let temp = temporaryPath(for: path)
        do {
            let sink = try FileSink(path: temp)
            try RDBEncoder.encodeFile(databases: databases, aux: aux, options: options(config)) { try sink.write($0) }
            try sink.commit(to: path)
        } catch {
            unlink(temp)
            throw error
        }
    }

    static func temporaryPath(for path: String, pid: Int32 = getpid()) -> String {
        let dir = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
        return "\(dir)temp-\(pid).rdb"
    }

    /// Loads `path` into `databases`. Throws with the file name and offset on any damage.
    static func load(_ path: String, into databases: [Database], limits: EncodingLimits, now: Int64?) throws
        -> RDBFileInfo
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(file: path, detail: "can't read the file: \(String(cString: strerror(errno)))")
        }
        do {
            return try decode(data, into: databases, limits: limits, now: now)
        } catch let error as RDBError {
            throw LoadError(file: path, detail: "\(error)")
        }
    }

    /// DEBUG RELOAD: loads `path` over whatever is in memory (`replace`: the file wins on
    /// conflicts; otherwise a conflict is an error).
    static func loadMerging(_ path: String, into databases: [Database], limits: EncodingLimits, replace: Bool) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(file: path, detail: "can't read the file")
        }
        _ = try data.withUnsafeBytes { raw in
            try RDBDecoder.decodeFile(raw, limits: limits, now: nil, databases: databases.count) { db, key, entry in
                if databases[db].table.index(of: key) != nil {
                    guard replace else { throw RDBError(offset: 0, message: "duplicate key '\(key)' in db \(db)") }
                    databases[db].remove(key)
                }
                databases[db].add(key, entry)
            }
        }
    }

    static func decode(_ data: Data, into databases: [Database], limits: EncodingLimits, now: Int64?) throws
        -> RDBFileInfo
    {
        try data.withUnsafeBytes { raw in
            try RDBDecoder.decodeFile(raw, limits: limits, now: now, databases: databases.count) { db, key, entry in
                let target = databases[db]
                if target.table.index(of: key) != nil {
                    // Redis treats a duplicate key in a file as corruption.
                    throw RDBError(offset: 0, message: "duplicate key '\(key)' in db \(db)")
                }
                target.add(key, entry)
            }
        }
    }

    struct LoadError: Error, CustomStringConvertible {
        var file: String
        var detail: String
        var description: String {
            "Bad RDB file '\(file)': \(detail). Unrecoverable error, aborting now."
        }
    }
}
