import NIOCore
import RESP

/// A connected client: its session state (db, protocol, name, auth, MULTI, WATCH,
/// subscriptions, blocking), its query buffer and its pending reply. All of it lives on the
/// node's event loop.
public final class Client: @unchecked Sendable {
    public let id: Int
    let channel: Channel?
    /// The node outlives its clients; unowned(unsafe) avoids a refcount check per access.
    public unowned(unsafe) let node: RedisNode

    public internal(set) var database: Database
    public var reply: RESPWriter
    public var name: Bytes?
    public var authenticated: Bool
    public let createdAt: Int64
    public var lastInteraction: Int64
    public let remoteAddress: String
    public let localAddress: String
    /// The last command run (CLIENT LIST's `cmd`). Specs live as long as the process.
    public unowned(unsafe) var lastCommand: CommandSpec?

    /// Redis's `mustObeyClient`: commands replayed from the AOF (and, on a replica, sent by
    /// its master) are never redirected or refused by cluster checks.
    var obeysUnconditionally = false
    // Cluster: READONLY, and ASKING for the next command.
    var clusterReadOnly = false
    var asking = false
    /// A command held while a manual failover pauses writes on this master, or while another
    /// client's MIGRATE is in flight (run when that ends).
    var pausedCommand: [ByteBuffer]?

    // Transactions
    var multi: [[ByteBuffer]]?
    var multiHasError = false
    var dirtyCAS = false
    var watched: [WatchedKey] = []

    // Pub/Sub
    var channels = Set<Bytes>()
    var patterns = Set<Bytes>()
    /// SSUBSCRIBE's channels, counted apart from the others in replies (as in Redis).
    var shardChannels = Set<Bytes>()
    /// Channels plus patterns, kept by PubSubRegistry; stored because dispatch checks
    /// subscription state on every command.
    public internal(set) var subscriptionCount = 0
    var shardSubscriptionCount = 0

    // Blocking
    var blocked: BlockedState?
    /// True while a blocked command is being re-run because one of its keys became ready:
    /// if it still finds nothing, it stays blocked and replies nothing.
    var retryingBlocked = false
    /// While `retryingBlocked`: the key whose readiness is being served (Redis serves a
    /// waiter from the key that became ready, not from the first of its keys).
    var readyKey: Bytes?

    /// Set by QUIT, CLIENT KILL and protocol errors: stop reading, send what is queued, close.
    var closeAfterReply = false
    /// Set when the connection is gone or being killed: nothing more is executed.
    var closing = false
    /// Replies written outside this client's own read cycle wait here for a flush.
    var flushScheduled = false

    // Replication
    /// Set by REPLCONF / SYNC / PSYNC: this connection is (becoming) a replica of this node.
    var replicaPeer: ReplicaPeer?
    /// This client is the stream from this node's master.
    var isMasterLink = false
    /// Where this client's last write ends in the replication stream (WAIT).
    var replicationWriteOffset: Int64 = 0

    // Input
    var queryBuffer: ByteBuffer?
    var parser: RESPRequestParser
    /// Bytes left in the batch being processed (the buffer is out of `queryBuffer` then).
    var pendingInput = 0
    var arguments: [ByteBuffer] = []

    init(id: Int, channel: Channel?, node: RedisNode, remote: String, local: String) {
        self.id = id
        self.channel = channel
        self.node = node
        self.database = node.databases[0]
        self.reply = RESPWriter(buffer: ByteBufferAllocator().buffer(capacity: 256))
        self.authenticated = node.config.requirePass == nil
        self.createdAt = Clock.milliseconds()
        self.lastInteraction = createdAt
        self.remoteAddress = remote
        self.localAddress = local
        self.parser = RESPRequestParser(limits: node.config.respLimits)
        self.parser.authenticationRequired = !authenticated
    }

    public var inMulti: Bool { multi != nil }

    public var isBlocked: Bool { blocked != nil }
    public var isSubscribed: Bool { subscriptionCount > 0 || shardSubscriptionCount > 0 }
    public var protocolVersion: RESPVersion { reply.version }

    func select(_ index: Int) {
        database = node.databases[index]
    }

    func setAuthenticated(_ value: Bool) {
        authenticated = value
        parser.authenticationRequired = !value
    }

    // MARK: Input

    /// Appends bytes from the socket and runs every complete request, as Redis's
    /// `processInputBuffer` does; stops while the client is blocked or closing.
    public func feed(_ incoming: ByteBuffer) {
        if queryBuffer == nil || queryBuffer!.readableBytes == 0 {
            queryBuffer = incoming
        } else {
            var incoming = incoming
            queryBuffer!.writeBuffer(&incoming)
        }
        lastInteraction = node.clock()
        node.stats.inputBytes += incoming.readableBytes
        if queryBuffer!.readableBytes > node.config.clientQueryBufferLimit {
            node.log.warning(
                "Closing client that reached max query buffer length: \(info()) (qbuf initial bytes: \(Self.printable(queryBuffer)))"
            )
            queryBuffer = nil
            close()
            return
        }
        processInput()
    }

    func processInput() {
        // The buffer is taken out while commands run, so its storage stays uniquely owned
        // (no copy-on-write when the parser reserves room) and is touched once per batch.
        guard var buffer = queryBuffer else { return }
        queryBuffer = nil
        defer {
            queryBuffer = buffer.readableBytes > 0 ? buffer : nil
            pendingInput = 0
        }
        // One Call for the whole batch; the parser fills its arguments in place.
        var call = Call(node: node, client: self, args: arguments, spec: node.commands.commands[0])
        arguments = []
        // Keeps the arguments of a request still incomplete (the parser owns them).
        defer { arguments = call.args }
        var previousEnd: Int64?
        while !closing && !closeAfterReply && blocked == nil && pausedCommand == nil && buffer.readableBytes > 0 {
            let complete: Bool
            do {
                complete = try parser.parse(&buffer, into: &call.args)
            } catch {
                protocolError(error, sample: buffer)
                buffer.clear()
                return
            }
            guard complete else { break }
            if !call.args.isEmpty {
                pendingInput = buffer.readableBytes
                node.execute(&call, start: previousEnd)
                previousEnd = node.lastCallEnd
            }
            call.args.removeAll(keepingCapacity: true)
        }
    }

    private func protocolError(_ error: RESPProtocolError, sample: ByteBuffer) {
        if node.config.logLevel <= .verbose {
            node.log.verbose(
                "Protocol error (\(error.logReason)) from client: \(info()). Query buffer during protocol error: '\(Self.printable(sample))'"
            )
        }
        reply.error("ERR \(error.description)")
        closeAfterReply = true
    }

    static func printable(_ buffer: ByteBuffer?) -> String {
        guard let buffer else { return "" }
        let bytes = buffer.readableBytesView.prefix(128)
        return String(decoding: bytes.map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
    }

    /// Unparsed input: the query buffer, or while commands run, what is left of the batch.
    var queryBufferLength: Int { queryBuffer?.readableBytes ?? pendingInput }

    // MARK: Output

    /// Sends whatever replies are queued. Called at the end of each read batch and, for
    /// replies produced by other clients' commands, from the node's deferred flush.
    func flush() {
        flushScheduled = false
        guard let channel else {
            return
        }
        // A replica's socket carries the replication stream, never replies.
        if replicaPeer?.isAttached == true { reply.buffer.clear() }
        let closeAfterWrite = closeAfterReply && !closing
        if closeAfterWrite { closing = true }
        if reply.buffer.readableBytes > 0 {
            node.stats.outputBytes += reply.buffer.readableBytes
            node.stats.writesProcessed += 1
            if closeAfterWrite {
                // Close once the reply is out, not before: QUIT after a big reply gets it all.
                channel.writeAndFlush(reply.buffer).whenComplete { _ in channel.close(promise: nil) }
            } else {
                channel.writeAndFlush(reply.buffer, promise: nil)
            }
            if reply.buffer.capacity > Self.retainedReplyCapacity {
                // One huge reply should not pin its buffer for the life of the connection.
                reply.buffer = channel.allocator.buffer(capacity: 256)
            } else {
                // Usually the socket took it all and NIO let go: then clear() reuses the storage.
                reply.buffer.clear()
            }
        } else if closeAfterWrite {
            channel.close(promise: nil)
        }
    }

    static let retainedReplyCapacity = 64 * 1024

    /// Closes the connection now, dropping anything queued.
    func close() {
        guard !closing else { return }
        closing = true
        channel?.close(promise: nil)
    }

    /// Asks the node to flush this client after the current event; for replies that do not
    /// come from the client's own request (pub/sub messages, unblocking).
    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        node.scheduleFlush(self)
    }
}
