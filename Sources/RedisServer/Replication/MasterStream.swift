import NIOCore
import RESP

/// The master as a replica sees it once synchronised (Redis's `server.master` client): the
/// command stream is run through the node like any client's commands, except that nothing
/// is answered, writes are allowed on a read-only replica, and expired keys stay until the
/// master deletes them. The offset counts the bytes of the commands applied; a transaction
/// counts (and is passed on to this node's own replicas) only once its EXEC has run.
final class MasterStream {
    unowned(unsafe) let replication: Replication
    let link: MasterLink
    /// A client without a socket: replies are dropped after each command.
    let client: Client
    let replicationID: String
    /// `reploff`: bytes of stream applied.
    private(set) var appliedOffset: Int64
    /// `read_reploff`: bytes of stream received.
    private(set) var readOffset: Int64
    /// Unix ms of the last bytes from the master.
    private(set) var lastInteraction: Int64

    private var parser: RESPRequestParser
    /// Unparsed input.
    private var pending = ByteBuffer()
    /// Received bytes of commands not applied yet (the parser's input, from the first byte
    /// of the first unapplied command), passed on as they are applied.
    private var unapplied = ByteBuffer()
    /// Bytes of `unapplied` the parser has consumed.
    private var consumed = 0
    private var arguments: [ByteBuffer] = []
    private var detached = false

    init(replication: Replication, link: MasterLink, replicationID: String, offset: Int64, db: Int) {
        let node = replication.node!
        self.replication = replication
        self.link = link
        self.replicationID = replicationID
        self.appliedOffset = offset
        self.readOffset = offset
        self.lastInteraction = node.clock()
        self.client = Client(
            id: node.allocateClientID(), channel: nil, node: node, remote: "\(link.host):\(link.port)",
            local: "127.0.0.1:\(node.boundPort)")
        client.isMasterLink = true
        client.obeysUnconditionally = true
        client.setAuthenticated(true)
        client.select(db)
        // The master is trusted with big arguments even before any AUTH.
        self.parser = RESPRequestParser(limits: node.config.respLimits)
    }

    /// The link ended: nothing more is applied.
    func detach() {
        detached = true
        if client.inMulti { client.node.discardTransaction(client) }
    }

    /// Runs every complete command in `chunk` (and what was left from earlier reads).
    func apply(_ chunk: ByteBuffer) {
        let node = replication.node!
        lastInteraction = node.clock()
        readOffset += Int64(chunk.readableBytes)
        unapplied.writeImmutableBuffer(chunk)
        if pending.readableBytes == 0 {
            pending = chunk
        } else {
            pending.writeImmutableBuffer(chunk)
        }
        var call = Call(node: node, client: client, args: arguments, spec: node.commands.commands[0])
        arguments = []
        defer { arguments = call.args }
        while !detached && pending.readableBytes > 0 {
            // Counted by what is left: the parser may compact the buffer (big arguments).
            let before = pending.readableBytes
            let complete: Bool
            do {
                complete = try parser.parse(&pending, into: &call.args)
            } catch {
                pending.clear()
                replication.masterProtocolError(error)
                return
            }
            consumed += before - pending.readableBytes
            guard complete else { break }
            if !call.args.isEmpty { run(&call) }
            call.args.removeAll(keepingCapacity: true)
            if !client.inMulti && !detached { commitApplied() }
        }
        // Arguments of an unfinished command are owned by the parser: the bytes read can go.
        if pending.readerIndex >= Self.compactionThreshold { pending.discardReadBytes() }
        if unapplied.readerIndex >= Self.compactionThreshold { unapplied.discardReadBytes() }
    }

    static let compactionThreshold = 64 * 1024

    private func run(_ call: inout Call) {
        let node = replication.node!
        replication.applyingMasterStream = true
        node.execute(&call)
        replication.applyingMasterStream = false
        guard client.reply.buffer.readableBytes > 0 else { return }
        if client.reply.buffer.getInteger(at: client.reply.buffer.readerIndex, as: UInt8.self) == UInt8(ascii: "-") {
            let error = client.reply.buffer.readableBytesView.prefix(256).prefix { $0 != 13 }
            node.log.warning(
                "== CRITICAL == This replica is sending an error to its master: '\(String(decoding: error.dropFirst(), as: UTF8.self))' after processing the command '\(String(buffer: call.args[0]))'"
            )
        }
        client.reply.buffer.clear()
    }

    /// The commands consumed so far are applied: count them and pass their bytes on.
    private func commitApplied() {
        guard consumed > 0 else { return }
        let bytes = unapplied.readSlice(length: consumed)!
        appliedOffset += Int64(consumed)
        consumed = 0
        replication.applied(bytes)
        if unapplied.readableBytes == 0 { unapplied.clear() }
    }
}
