import Dispatch
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The broker's append-only journal (`<data-dir>/journal.log`): the `DurabilityJournal`
/// the model reports durable changes to, with group commit and compaction.
///
/// Appends (the `DurabilityJournal` calls) only encode the record into a buffer on the
/// loop. `requestSync(then:)` makes everything appended so far durable: one write and one
/// fsync on a background thread for the whole batch, then every completion waiting on that
/// batch runs on the loop. While an fsync is in flight, new records and requests gather
/// for the next one, so a busy broker does one fsync per batch, not per message.
///
/// How the server uses it: after handling a batch of reads (`channelReadComplete`, or
/// once per loop tick), if any publish since the last call had `PublishResult.journaled`,
/// call `requestSync { result in … }` once and send the basic.acks for those publishes in
/// the completion (basic.nack if it failed). Completions run in request order.
///
/// When the file has grown to `compactionRatio` times the live state (and at least
/// `compactionMinimumBytes`), the next sync instead writes a snapshot of the live state to a
/// new file and renames it over the journal.
///
/// Threading: like the model, owned by one event loop; every call must happen on it. A
/// failed write or fsync is sticky: that completion and every later one get the error (we
/// cannot know what reached the disk, as PostgreSQL learned), and the broker should stop.
public final class DurabilityLog {
    public typealias Completion = (Result<Void, DurabilityError>) -> Void

    public let path: String
    public let eventLoop: EventLoop
    public let options: DurabilityLogOptions
    public let recovery: DurabilityRecovery
    /// The durable state the journal describes, including records not yet synced.
    public private(set) var state: JournalState
    public private(set) var statistics = DurabilityLogStatistics()

    let logger: Logger
    private let file: LogFile
    private let syncQueue: DispatchQueue
    private var pending = ByteBuffer()
    /// Where the records of messages enqueued since the last batch sit in `pending`, so that a
    /// message removed before any sync (consumed with auto-ack, say) is never written at all,
    /// as RabbitMQ's message store skips messages acked before they reach the disk.
    private var unsyncedMessages: [MessageKey: [Range<Int>]] = [:]
    /// Byte ranges of `pending` to leave out of the next write, and their total.
    private var cancelled: [Range<Int>] = []
    private var cancelledBytes = 0
    private var pendingCompletions: [Completion] = []
    private var inFlightCompletions: [Completion] = []
    private var inFlight = false
    private var failure: DurabilityError?

    public static let fileName = "journal.log"

    /// Opens (or creates) the journal in `directory` and reads it: a torn last record is
    /// dropped with a warning, damage elsewhere throws `DurabilityError.corrupt` naming the
    /// file and offset. Blocks while reading; call it at start, before serving.
    public static func open(
        directory: String, eventLoop: EventLoop, options: DurabilityLogOptions = .init(),
        logger: Logger = Logger(label: "broker.durability")
    ) throws(DurabilityError) -> DurabilityLog {
        try FileIO.makeDirectory(directory)
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        FileIO.removeFile(LogFile.compactionPath(for: path))  // an interrupted compaction
        var state = JournalState()
        var recovery = DurabilityRecovery(file: path, records: 0)
        let fd: Int32
        let size: Int
        if let bytes = try FileIO.readAll(path) {
            let scan = try LogScanner.scan(bytes, file: path) { state.apply($0) }
            recovery.records = scan.records
            fd = try FileIO.openFile(path, flags: O_WRONLY | O_APPEND)
            var end = scan.validEnd
            if let torn = scan.tornTail {
                recovery.tornTail = torn
                logger.warning(
                    "journal '\(path)': dropped a torn last write at offset \(torn.offset) (\(torn.droppedBytes) bytes: \(torn.reason))")
                try FileIO.truncateFile(fd, length: end, path: path)
            }
            if end == 0 {
                try FileIO.writeAll(fd, ByteBuffer(bytes: RecordFrame.magic), path: path)
                end = RecordFrame.magic.count
            }
            if scan.tornTail != nil || end != scan.validEnd { try FileIO.sync(fd, path: path) }
            size = end
        } else {
            fd = try FileIO.openFile(path, flags: O_WRONLY | O_CREAT | O_APPEND)
            try FileIO.writeAll(fd, ByteBuffer(bytes: RecordFrame.magic), path: path)
            try FileIO.sync(fd, path: path)
            try FileIO.syncDirectory(AtomicFile.directory(of: path))
            size = RecordFrame.magic.count
        }
        let file = LogFile(path: path, directory: AtomicFile.directory(of: path), fd: fd, size: size)
        return DurabilityLog(file: file, state: state, recovery: recovery, eventLoop: eventLoop, options: options, logger: logger)
    }

    private init(
        file: LogFile, state: JournalState, recovery: DurabilityRecovery, eventLoop: EventLoop, options: DurabilityLogOptions,
        logger: Logger
    ) {
        self.file = file
        self.path = file.path
        self.state = state
        self.recovery = recovery
        self.eventLoop = eventLoop
        self.options = options
        self.logger = logger
        self.syncQueue = DispatchQueue(label: "broker.durability.sync")
        statistics.fileBytes = file.size
    }

    /// Puts the recovered durable entities and messages back into `broker` and attaches
    /// this log as its journal (restoring does not append anything).
    @discardableResult
    public func restore(into broker: BrokerState) -> JournalState.RestoreReport {
        broker.journal = nil
        let report = state.restore(into: broker, logger: logger)
        broker.journal = self
        return report
    }

    // MARK: - Appending

    /// Applies `record` to the live state and buffers it for the next sync.
    public func append(_ record: JournalRecord) {
        guard failure == nil else { return }
        state.apply(record)
        statistics.recordsAppended += 1
        if case .messageRemoved(let vhost, let queue, let sequence) = record,
            let ranges = unsyncedMessages.removeValue(forKey: MessageKey(vhost: vhost, queue: queue, sequence: sequence))
        {
            // Enqueued (and maybe marked delivered) since the last batch: none of it is written.
            let bytes = ranges.reduce(0) { $0 + $1.count }
            cancelled += ranges
            cancelledBytes += bytes
            statistics.fileBytes -= bytes
            if pending.readableBytes == cancelledBytes {
                // Nothing left to write: what was appended is as durable as it needs to be.
                _ = takePending()
                if !inFlight { statistics.recordsSynced = statistics.recordsAppended }
            }
            return
        }
        let start = pending.writerIndex
        do {
            statistics.fileBytes += try RecordFrame.write(record, into: &pending)
        } catch {
            fail(.encoding("\(record.kind) record: \(error)"))
            return
        }
        switch record {
        case .messageEnqueued(let vhost, let queue, let entry):
            unsyncedMessages[MessageKey(vhost: vhost, queue: queue, sequence: entry.sequence)] = [start..<pending.writerIndex]
        case .messageDelivered(let vhost, let queue, let sequence):
            unsyncedMessages[MessageKey(vhost: vhost, queue: queue, sequence: sequence)]?.append(start..<pending.writerIndex)
        default:
            break
        }
        if pending.readableBytes >= options.flushThresholdBytes, !inFlight { startBatch() }
    }

    /// Identifies a message's records while they wait in `pending`.
    private struct MessageKey: Hashable {
        var vhost: String
        var queue: String
        var sequence: UInt64
    }

    /// `pending` without the cancelled ranges.
    private func takePending() -> ByteBuffer {
        defer {
            pending = ByteBuffer()
            unsyncedMessages = [:]
            cancelled = []
            cancelledBytes = 0
        }
        guard !cancelled.isEmpty else { return pending }
        var kept = ByteBufferAllocator().buffer(capacity: pending.readableBytes)
        var offset = pending.readerIndex
        for range in cancelled.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > offset, let slice = pending.getSlice(at: offset, length: range.lowerBound - offset) {
                kept.writeImmutableBuffer(slice)
            }
            offset = max(offset, range.upperBound)
        }
        if pending.writerIndex > offset, let slice = pending.getSlice(at: offset, length: pending.writerIndex - offset) {
            kept.writeImmutableBuffer(slice)
        }
        return kept
    }

    /// Whether records were appended that no sync has covered yet.
    public var hasUnsyncedRecords: Bool { statistics.recordsSynced < statistics.recordsAppended }

    // MARK: - Group commit

    /// Calls `completion` on the loop once every record appended before this call is on
    /// disk and fsynced (at once, on the next loop turn, when they already are).
    public func requestSync(then completion: @escaping Completion) {
        if let failure {
            eventLoop.assumeIsolated().execute { completion(.failure(failure)) }
        } else if pending.readableBytes > 0 {
            pendingCompletions.append(completion)
            if !inFlight { startBatch() }
        } else if inFlight {
            inFlightCompletions.append(completion)
        } else {
            eventLoop.assumeIsolated().execute { completion(.success(())) }
        }
    }

    /// `requestSync` as a future.
    public func sync() -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        requestSync { promise.completeWith($0.mapError { $0 as Error }) }
        return promise.futureResult
    }

    private var shouldCompact: Bool {
        let size = statistics.fileBytes
        return size >= options.compactionMinimumBytes && Double(size) > options.compactionRatio * Double(state.estimatedBytes)
    }

    /// Hands what is pending to the sync thread: appended as one write, or, when the file
    /// is due for compaction, replaced by a snapshot of the live state (which includes it).
    private func startBatch() {
        inFlight = true
        inFlightCompletions = pendingCompletions
        pendingCompletions = []
        let batch = takePending()
        let snapshot = shouldCompact ? state.snapshotRecords : nil
        let covered = statistics.recordsAppended
        let file = self.file
        let loop = eventLoop
        let this = NIOLoopBound(self, eventLoop: loop)
        syncQueue.async {
            let began = DispatchTime.now().uptimeNanoseconds
            let result: Result<Int, DurabilityError>
            do throws(DurabilityError) {
                if let snapshot {
                    try file.rewrite(with: snapshot)
                } else {
                    try file.appendAndSync(batch)
                }
                result = .success(file.size)
            } catch {
                result = .failure(error)
            }
            let took = DispatchTime.now().uptimeNanoseconds - began
            loop.execute { this.value.finishBatch(result, covered: covered, compacted: snapshot != nil, took: took) }
        }
    }

    private func finishBatch(_ result: Result<Int, DurabilityError>, covered: Int, compacted: Bool, took: UInt64) {
        inFlight = false
        statistics.syncNanoseconds += took
        let completions = inFlightCompletions
        inFlightCompletions = []
        switch result {
        case .success(let size):
            statistics.fsyncs += 1
            statistics.recordsSynced = covered
            if compacted {
                statistics.compactions += 1
                statistics.fileBytes = size + pending.readableBytes
                logger.info("journal '\(path)' compacted to \(size) bytes")
            }
            for completion in completions { completion(.success(())) }
            if failure == nil, !pendingCompletions.isEmpty || pending.readableBytes >= options.flushThresholdBytes {
                startBatch()
            }
        case .failure(let error):
            logger.critical("journal '\(path)': \(error); no further writes are made durable")
            fail(error)
            for completion in completions { completion(.failure(error)) }
        }
    }

    private func fail(_ error: DurabilityError) {
        if failure == nil { failure = error }
        let waiting = pendingCompletions
        pendingCompletions = []
        pending.clear()
        unsyncedMessages = [:]
        cancelled = []
        cancelledBytes = 0
        for completion in waiting { completion(.failure(error)) }
    }

    /// Syncs what is pending, then closes the file; later appends are ignored and later
    /// syncs fail.
    public func close(then completion: @escaping Completion) {
        requestSync { [self] result in
            if failure == nil { fail(.unavailable("the journal '\(path)' is closed")) }
            let file = self.file
            syncQueue.async { file.close() }
            completion(result)
        }
    }
}
