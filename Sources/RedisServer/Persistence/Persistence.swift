import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// RDB snapshots and the append-only file, with Redis 7.0's rules for when each happens:
/// save points, SAVE/BGSAVE, save on shutdown, load at start (an existing RDB is loaded
/// whatever `save` says), AOF writing and fsync policy, BGREWRITEAOF and auto-rewrite.
final class Persistence {
    /// Set right after the node is built (the node owns this object).
    unowned(unsafe) var node: RedisNode!
    var config: ServerConfig { node.config }

    /// True while loading data at start: nothing is propagated, nothing expires.
    var loading = false

    // RDB state (INFO persistence)
    var lastSaveTime: Int64 = 0
    var lastBgsaveOK = true
    var lastBgsaveAttempt: Int64 = 0
    var lastBgsaveDuration: Int64 = -1
    var rdbSaves = 0
    var keysLoaded = 0
    var keysExpiredAtLoad = 0
    struct Child {
        var pid: pid_t
        var started: Int64
        var dirtyAtStart: Int
    }
    var saveChild: Child?
    /// BGSAVE SCHEDULE while an AOF rewrite runs: start it when the rewrite ends.
    var saveScheduled = false

    // AOF state
    enum AOFState {
        case off, on
        /// Switched on at run time: no AOF until the first rewrite child exists; from then
        /// on commands go to a temp incremental file that becomes real with the new base.
        case waitRewrite
    }
    var aofState = AOFState.off
    /// The file commands are appended to: the current incremental file when on, the temp
    /// one while a first rewrite runs, nil otherwise.
    var aof: AppendOnlyFile?
    var manifest = AOFManifest()
    var rewriteChild: Child?
    var rewriteScheduled = false
    var lastRewriteOK = true
    var lastRewriteDuration: Int64 = -1
    var aofRewrites = 0
    /// Size of the AOF right after the last rewrite, for auto-aof-rewrite-percentage.
    var aofBaseSize = 0
    var rewriteTempPath: String?
    /// Consecutive failed rewrites, and the backoff they trigger (Redis's aofRewriteLimited).
    var rewriteFailures = 0
    var rewriteDelayMinutes = 0
    var rewriteNotBefore: Int64 = 0

    init() {}

    func attach(to node: RedisNode) {
        self.node = node
        lastSaveTime = node.clock() / 1000
    }

    var rdbPath: String { config.dbFilename }
    var aofDirectory: String { config.appendDirname }

    // MARK: Start-up

    func loadAtStartup() throws {
        loading = true
        defer { loading = false }
        let start = Clock.monotonicMicroseconds()
        if config.appendOnly {
            try loadAppendOnly()
            try openAppendOnlyAtStart()
        } else if FileManager.default.fileExists(atPath: rdbPath) {
            // A replica keeps expired keys: its master will delete them.
            let info = try RDBSnapshot.load(
                rdbPath, into: node.databases, limits: config.encoding,
                now: node.replication.loadsExpiredKeys ? nil : node.clock())
            node.replication.restore(fromSnapshot: info.aux)
            keysLoaded = info.keysLoaded
            keysExpiredAtLoad = info.keysExpired
            let seconds = Double(Clock.monotonicMicroseconds() - start) / 1_000_000
            node.log.notice("Loading RDB produced by version \(info.aux["redis-ver"] ?? "unknown")")
            node.log.notice(
                "Done loading RDB, keys loaded: \(info.keysLoaded), keys expired: \(info.keysExpired).")
            node.log.notice("DB loaded from disk: \(String(format: "%.3f", seconds)) seconds")
        }
    }

    private func loadAppendOnly() throws {
        let manifestPath = "\(aofDirectory)/\(config.appendFilename).manifest"
        if FileManager.default.fileExists(atPath: manifestPath) {
            // A manifest that exists but cannot be read stops start-up: starting empty would
            // write a new base over the real data.
            let text: String
            do {
                text = try String(contentsOfFile: manifestPath, encoding: .utf8)
            } catch {
                throw AOFLoader.Failure(
                    description: "Fatal error: can't open the AOF manifest file \(manifestPath) for reading: \(error)")
            }
            do {
                manifest = try AOFManifest.parse(text)
            } catch {
                throw AOFLoader.Failure(description: "\(error) (in \(manifestPath))")
            }
        } else if FileManager.default.fileExists(atPath: config.appendFilename) {
            // An AOF from before 7.0: becomes the base of a new multi-part AOF.
            try FileManager.default.createDirectory(atPath: aofDirectory, withIntermediateDirectories: true)
            guard rename(config.appendFilename, "\(aofDirectory)/\(config.appendFilename)") == 0 else {
                throw AOFLoader.Failure(description: "Error moving \(config.appendFilename) into \(aofDirectory)")
            }
            manifest = AOFManifest()
            manifest.base = .init(name: config.appendFilename, seq: 1, type: .base)
            manifest.currentBaseSeq = 1
            try persistManifest()
            node.log.notice("Successfully migrated an old-style AOF into the AOF directory")
        } else {
            return
        }
        try AOFLoader(node: node, directory: aofDirectory).load(manifest)
    }

    /// `aofOpenIfNeededOnServerStart`: make the directory, a base if there is none yet,
    /// and open the last incremental file for appending.
    private func openAppendOnlyAtStart() throws {
        try FileManager.default.createDirectory(atPath: aofDirectory, withIntermediateDirectories: true)
        if manifest.base == nil && manifest.incremental.isEmpty {
            let name = manifest.newBase(prefix: config.appendFilename, rdbPreamble: config.aofUseRDBPreamble)
            try writeBase(to: "\(aofDirectory)/\(name)")
            node.log.notice("Creating AOF base file \(name) on server start")
        }
        let created = manifest.incremental.isEmpty
        let incr = manifest.incremental.last?.name ?? manifest.newIncremental(prefix: config.appendFilename)
        aof = try AppendOnlyFile(directory: aofDirectory, fileName: incr, now: node.clock())
        aofState = .on
        try persistManifest()
        aofBaseSize = aofTotalSize()
        node.log.notice("\(created ? "Creating" : "Opening") AOF incr file \(incr) on server start")
    }

    /// Writes a base file: an RDB (aof-use-rdb-preamble yes) or commands. Child-safe.
    func writeBase(to path: String) throws {
        if config.aofUseRDBPreamble {
            try RDBSnapshot.write(node.databases, to: path, config: config, aux: [("aof-base", "1")])
        } else {
            let temp = path + ".tmp"
            do {
                let sink = try FileSink(path: temp)
                try AOFRewriteWriter.write(node.databases, to: sink)
                try sink.commit(to: path)
            } catch {
                unlink(temp)
                throw error
            }
        }
    }

    /// Writes `next` (default: the current manifest) durably; the caller adopts it only if
    /// this succeeds, so memory never describes files the disk does not know.
    func persistManifest(_ next: AOFManifest? = nil) throws {
        let path = "\(aofDirectory)/\(config.appendFilename).manifest"
        let sink = try FileSink(path: "\(aofDirectory)/temp-\(config.appendFilename).manifest")
        try sink.write(Array((next ?? manifest).text.utf8))
        try sink.commit(to: path)
    }

    func aofTotalSize() -> Int {
        let files = (manifest.base.map { [$0] } ?? []) + manifest.incremental
        return files.reduce(0) { total, f in
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(aofDirectory)/\(f.name)")[.size]) as? Int
            return total + (size ?? 0)
        }
    }

    // MARK: Propagation

    func appendCommand(db: Int, _ command: [Bytes]) {
        guard !loading, let aof else { return }
        aof.feed(db: db, command)
    }

    /// Before replies leave. Under `appendfsync always` a reply must never announce a write
    /// that is not on disk: as Redis, the node exits rather than carry on.
    func flushAppendOnlyBuffer() {
        guard let aof else { return }
        if case .failed(let reason) = aof.flush(policy: config.appendFsync, now: node.clock()),
            config.appendFsync == .always
        {
            node.log.warning(
                "Can't recover from AOF write error when the AOF fsync policy is 'always' (\(reason)). Exiting...")
            exit(1)
        }
    }

    var aofBufferSize: Int { aof?.bufferSize ?? 0 }

    /// MISCONF: writes are refused while the last background save failed (and
    /// stop-writes-on-bgsave-error is on), or while the AOF cannot be written.
    var writeDeniedError: RedisError? {
        let aofError = aof?.writeError
        guard !lastBgsaveOK || aofError != nil else { return nil }
        if config.stopWritesOnBgsaveError && !config.savePoints.isEmpty && !lastBgsaveOK {
            return RedisError(
                "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."
            )
        }
        if let error = aofError {
            return RedisError("MISCONF Errors writing to the AOF file: \(error)")
        }
        return nil
    }
}
