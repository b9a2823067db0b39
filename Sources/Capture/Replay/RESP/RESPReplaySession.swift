import NIOCore
import RESP

/// Replays one captured RESP connection: requests pipelined in captured order as multibulk,
/// replies matched first-in first-out, `-MOVED`/`-ASK` followed (at most 5 times per request)
/// with the slot's node remembered, and each final reply set beside the captured one.
///
/// Pub/sub: a (un)subscribe's confirmations, one per channel, are read as one answer on each
/// side, and messages while subscribed as pushes compared in their own lane
/// (`RESPPubSubReader`, `RESPPushLane`). Links a redirect opens first get the connection state
/// the client set up at home (`RESPConnectionSetup`).
final class RESPReplaySession: ReplaySession, @unchecked Sendable {
    static let maxRedirects = 5
    /// Never sent: they would end the target or turn the connection into a stream whose
    /// replies no longer match requests one to one.
    static let notSent: Set<String> = ["SHUTDOWN", "MONITOR"]

    private let home: ReplayAddress
    private(set) var links: [ReplayAddress: RESPNodeLink] = [:]
    private var slotNodes: [Int: ReplayAddress] = [:]
    private(set) var exchanges: ReplayExchanges<[[UInt8]], RESPValue>
    /// Redirects followed so far, by request index (rare: kept apart from the exchanges).
    private var redirects: [Int: Int] = [:]
    private var unanswered = 0
    private var dirty: [RESPNodeLink] = []
    private var setup = RESPConnectionSetup()
    // Pub/sub state, used by RESPReplaySession+PubSub.swift (hence not private).
    /// Pub/sub requests by index until both sides have read their answer (empty on the fast path).
    var pubSubRequests: [Int: RESPPubSubRequest] = [:]
    var capturedSide = RESPPubSubReader()
    var pushes = RESPPushLane()
    /// `compare` on and no `push` ignore rule.
    let comparesPushes: Bool
    /// The reply timeout ran out while only pushes were awaited at the end.
    var pushWaitOver = false

    init(eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress) {
        self.home = target
        self.exchanges = ReplayExchanges(keepsCaptured: options.compare)
        self.comparesPushes = options.compare && !rules.ignoresRESPPushes
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    override var awaitingReplies: Int { unanswered + pushesAwaited }

    override func start() {
        _ = link(for: home)
    }

    override func deliver(_ messages: [ConversationMessage]) {
        guard !isFinished else { return }
        let wasIdle = unanswered == 0
        var sent = 0
        for message in messages {
            guard case .resp(let value) = message.message else {
                problem("\(report.connection): a \(message.protocol) message in a RESP replay was skipped")
                continue
            }
            if message.direction == .clientToServer {
                if request(value, packetNumber: message.packetNumber) { sent += 1 }
            } else if capturedSide.isActive || !pubSubRequests.isEmpty || value.isPush {
                capturedPubSub(value, packetNumber: message.packetNumber)
            } else {
                capturedReply(value)
            }
        }
        if sent > 0 { noteSent(sent, wasIdle: wasIdle) }
        flushDirty()
        exchanges.dropDone()
        progressed()
    }

    override func closeChannels() {
        for link in links.values { link.channel?.close(promise: nil) }
    }

    override func finishing() { comparePushesLeft() }

    override func replyTimeoutRanOut() -> Bool { stopWaitingForPushes() }

    // MARK: Requests

    /// Queues one captured request; false when it is not sent.
    private func request(_ value: RESPValue, packetNumber: Int) -> Bool {
        guard let arguments = Self.arguments(of: value) else {
            problem("\(report.connection) request \(exchanges.nextIndex + 1) (packet \(packetNumber)): not an array of bulk strings, not sent")
            skip([], packetNumber: packetNumber, comparable: false)
            return false
        }
        let name = Self.upper(arguments[0])
        let subcommand = arguments.count > 1 ? Self.upper(arguments[1]) : nil
        let comparable = !rules.ignoresRESP(name: name, subcommand: subcommand)
        if Self.notSent.contains(name) {
            skip(arguments, packetNumber: packetNumber, comparable: comparable)
            return false
        }
        let index = exchanges.append(arguments, packetNumber: packetNumber, comparable: comparable)
        unanswered += 1
        if let kind = RESPPubSubRequest.Kind(commandName: name) {
            pubSubRequests[index] = RESPPubSubRequest(kind: kind, named: arguments.count - 1)
        }
        let destination = route(arguments, name: name)
        if destination == home { setup.note(name: name, subcommand: subcommand, arguments) }
        send(index, arguments, to: link(for: destination))
        return true
    }

    /// A request not sent counts as answered (with nothing to compare).
    private func skip(_ arguments: [[UInt8]], packetNumber: Int, comparable: Bool) {
        exchanges.append(arguments, packetNumber: packetNumber, comparable: comparable, answered: true)
        settled += 1
        received += 1
    }

    /// The node a request goes to: its key's slot's node once a redirect has named one.
    private func route(_ arguments: [[UInt8]], name: String) -> ReplayAddress {
        guard !slotNodes.isEmpty, let position = RESPKeyPosition.firstKey(of: arguments, name: name) else { return home }
        let slot = arguments[position].withUnsafeBytes { HashSlot.slot(forRaw: $0) }
        return slotNodes[slot] ?? home
    }

    private func send(_ index: Int, _ arguments: [[UInt8]], to link: RESPNodeLink, asking: Bool = false) {
        guard !link.ended else {
            fail("\(link.address) closed the connection before request \(index + 1)")
            return
        }
        if asking { link.enqueueAsking() }
        link.enqueue(index, arguments)
        dirty.append(link)
    }

    private func flushDirty() {
        guard !dirty.isEmpty else { return }
        for link in dirty { link.flush() }
        dirty.removeAll(keepingCapacity: true)
    }

    // MARK: Replies

    func capturedReply(_ value: RESPValue) {
        let index = exchanges.nextCapturedIndex
        guard exchanges.captured(value) else {
            problem("\(report.connection): a captured reply (\(index + 1)) has no captured request before it")
            return
        }
        complete(index)
    }

    private func reply(_ value: RESPValue, from address: ReplayAddress) {
        guard !isFinished, let link = links[address] else { return }
        var value = value
        if link.pubSub.isActive || !pubSubRequests.isEmpty || value.isPush {
            switch link.pubSub.read(value, awaiting: link.firstAwaited.flatMap { pubSubRequests[$0] }) {
            case .push(let push):
                targetPush(push)
                return
            case .partOfReply:
                // Stands for one captured confirmation (`.capture` ordering counts them).
                received += 1
                return
            case .reply(let whole):
                value = whole
            }
        }
        guard let index = link.nextAwaited() else {
            fail("\(address) sent a reply no request asked for: \(RESPRendering.reply(value))")
            return
        }
        if index < 0 {
            setupReplied(value, mark: index, on: link)
            return
        }
        guard let exchange = exchanges.exchange(index) else { return }
        // A redirect the captured client got too is the reply (the capture holds its retry on
        // another connection, which is replayed there); following it would run the command twice.
        let capturedRedirect = exchange.captured.flatMap { RESPRedirect($0, answeringHost: "") } != nil
        if !capturedRedirect, redirects[index, default: 0] < Self.maxRedirects, var redirect = RESPRedirect(value, answeringHost: address.host) {
            redirects[index, default: 0] += 1
            // A captured server port named by --map stands for the mapped address here too.
            if let port = UInt16(exactly: redirect.address.port), let mapped = options.portMap[port] { redirect.address = mapped }
            if redirect.kind == .moved { slotNodes[redirect.slot] = redirect.address }
            send(index, exchange.request, to: self.link(for: redirect.address), asking: redirect.kind == .ask)
            return
        }
        redirects[index] = nil
        exchanges.answer(index, with: value)
        if !pubSubRequests.isEmpty { pubSubSideDone(index) }
        unanswered -= 1
        settled += 1
        received += 1
        complete(index)
    }

    /// Compares once both replies are known.
    private func complete(_ index: Int) {
        guard let exchange = exchanges.takeComparable(index), let captured = exchange.captured else { return }
        guard exchange.comparable, let actual = exchange.actual else {
            ignored()
            return
        }
        compared()
        if actual != captured && !Self.sameRedirect(captured, actual) {
            diverged(
                requestIndex: index + 1, request: RESPRendering.request(exchange.request), field: "reply",
                expected: RESPRendering.reply(captured), actual: RESPRendering.reply(actual), packetNumber: exchange.packetNumber)
        }
    }

    /// Two redirects of one kind are one answer: slots and node addresses differ between a
    /// captured cluster and the target.
    private static func sameRedirect(_ a: RESPValue, _ b: RESPValue) -> Bool {
        guard let first = RESPRedirect(a, answeringHost: ""), let second = RESPRedirect(b, answeringHost: "") else { return false }
        return first.kind == second.kind
    }

    private func batchEnded() {
        guard !isFinished else { return }
        flushDirty()
        exchanges.dropDone()
        progressed(byReplies: true)
    }

    /// The answer to an `ASKING` or a setup command, swallowed; a failing setup command is a
    /// problem (the capture holds no reply to set it beside).
    private func setupReplied(_ value: RESPValue, mark: Int, on link: RESPNodeLink) {
        guard mark != RESPNodeLink.askingReply, case .error(let message) = value else { return }
        let label = link.setupLabel(marked: mark) ?? "a setup command"
        problem("\(report.connection): \(label) sent first on the new link to \(link.address) failed: \(message)")
    }

    // MARK: Links

    private func link(for address: ReplayAddress) -> RESPNodeLink {
        if let link = links[address] { return link }
        let link = RESPNodeLink(address: address, allocator: ByteBufferAllocator())
        links[address] = link
        if address != home {
            for command in setup.commands { link.enqueueSetup(command) }
        }
        connect(to: address) { channel in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(
                MessageStreamHandler(
                    RESPStreamDecoder(direction: .replies),
                    extract: { message -> RESPValue? in if case .resp(let value) = message { value } else { nil } }))
            try operations.addHandler(
                ReplayChannelHandler<RESPValue>(
                    onValue: { self.reply($0, from: address) }, onBatchEnd: { self.batchEnded() },
                    onEnd: { self.linkEnded(address, error: $0) }))
        } connected: { channel in
            self.linkConnected(address, channel)
        }
        return link
    }

    private func linkConnected(_ address: ReplayAddress, _ channel: any Channel) {
        guard let link = links[address] else { return }
        link.channel = channel
        link.flush()
    }

    private func linkEnded(_ address: ReplayAddress, error: String?) {
        guard let link = links[address], !link.ended else { return }
        link.ended = true
        link.channel = nil
        connectionEnded(address, error: error, outstanding: link.awaitingCount, expected: true)
    }

    // MARK: Values

    static func arguments(of request: RESPValue) -> [[UInt8]]? {
        guard case .array(let elements?) = request, !elements.isEmpty else { return nil }
        var arguments: [[UInt8]] = []
        arguments.reserveCapacity(elements.count)
        for element in elements {
            guard case .bulkString(let bytes?) = element else { return nil }
            arguments.append(bytes)
        }
        return arguments
    }

    static func upper(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
    }
}
