import NIOCore
import RESP

/// Replays one captured RESP connection: requests pipelined in captured order as multibulk,
/// replies matched first-in first-out, `-MOVED`/`-ASK` followed (at most 5 times per request)
/// with the slot's node remembered, and each final reply set beside the captured one.
final class RESPReplaySession: ReplaySession, @unchecked Sendable {
    static let maxRedirects = 5
    /// Never sent: they would end the target or turn the connection into a stream whose
    /// replies no longer match requests one to one.
    static let notSent: Set<String> = ["SHUTDOWN", "MONITOR"]

    private struct Entry {
        var arguments: [[UInt8]]
        var packetNumber: Int
        var comparable: Bool
        var captured: RESPValue?
        var actual: RESPValue?
        var answered = false
        var done = false
        var redirects = 0
    }

    private let home: ReplayAddress
    private var links: [ReplayAddress: RESPNodeLink] = [:]
    private var slotNodes: [Int: ReplayAddress] = [:]
    /// Requests from `firstIndex` on (0-based within the connection) not yet done with.
    private var entries = CircularBuffer<Entry>(initialCapacity: 256)
    private var firstIndex = 0
    private var nextIndex = 0
    private var capturedReplies = 0
    private var unanswered = 0
    private var dirty: [RESPNodeLink] = []

    init(eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress) {
        self.home = target
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    override var awaitingReplies: Int { unanswered }

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
            } else {
                capturedReply(value)
            }
        }
        if sent > 0 { noteSent(sent, wasIdle: wasIdle) }
        flushDirty()
        dropDone()
        progressed()
    }

    override func closeChannels() {
        for link in links.values { link.channel?.close(promise: nil) }
    }

    // MARK: Requests

    /// Queues one captured request; false when it is not sent.
    private func request(_ value: RESPValue, packetNumber: Int) -> Bool {
        let index = nextIndex
        nextIndex += 1
        guard let arguments = Self.arguments(of: value) else {
            problem("\(report.connection) request \(index + 1) (packet \(packetNumber)): not an array of bulk strings, not sent")
            entries.append(Entry(arguments: [], packetNumber: packetNumber, comparable: false, answered: true))
            settleSkipped()
            return false
        }
        let name = Self.upper(arguments[0])
        let comparable = !rules.ignoresRESP(name: name, subcommand: arguments.count > 1 ? Self.upper(arguments[1]) : nil)
        var entry = Entry(arguments: arguments, packetNumber: packetNumber, comparable: comparable)
        if Self.notSent.contains(name) {
            entry.answered = true
            entries.append(entry)
            settleSkipped()
            return false
        }
        entries.append(entry)
        unanswered += 1
        send(index, arguments, to: link(for: route(arguments, name: name)))
        return true
    }

    private func settleSkipped() {
        settled += 1
        received += 1
        if !options.compare { markDone(entries.count - 1) }
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

    private func capturedReply(_ value: RESPValue) {
        let index = capturedReplies
        capturedReplies += 1
        guard options.compare else { return }
        guard index >= firstIndex, index < nextIndex else {
            problem("\(report.connection): a captured reply (\(index + 1)) has no captured request before it")
            return
        }
        entries[offset: index - firstIndex].captured = value
        complete(index - firstIndex)
    }

    private func reply(_ value: RESPValue, from address: ReplayAddress) {
        guard !isFinished, let link = links[address] else { return }
        guard let index = link.nextAwaited() else {
            fail("\(address) sent a reply no request asked for: \(RESPRendering.reply(value))")
            return
        }
        guard index != RESPNodeLink.askingReply else { return }
        let position = index - firstIndex
        guard position >= 0, position < entries.count else { return }
        if entries[offset: position].redirects < Self.maxRedirects, let redirect = RESPRedirect(value, answeringHost: address.host) {
            entries[offset: position].redirects += 1
            if redirect.kind == .moved { slotNodes[redirect.slot] = redirect.address }
            send(index, entries[offset: position].arguments, to: self.link(for: redirect.address), asking: redirect.kind == .ask)
            return
        }
        entries[offset: position].actual = value
        entries[offset: position].answered = true
        unanswered -= 1
        settled += 1
        received += 1
        complete(position)
    }

    /// Compares once both replies are known (or the captured one is not wanted).
    private func complete(_ position: Int) {
        let entry = entries[offset: position]
        guard entry.answered, !entry.done else { return }
        guard options.compare else {
            markDone(position)
            return
        }
        guard let captured = entry.captured else { return }
        if !entry.comparable {
            ignored()
        } else if let actual = entry.actual {
            compared()
            if actual != captured {
                diverged(
                    requestIndex: firstIndex + position + 1, request: RESPRendering.request(entry.arguments), field: "reply",
                    expected: RESPRendering.reply(captured), actual: RESPRendering.reply(actual), packetNumber: entry.packetNumber)
            }
        }
        markDone(position)
    }

    private func markDone(_ position: Int) {
        entries[offset: position].done = true
        entries[offset: position].arguments = []
    }

    private func dropDone() {
        while let first = entries.first, first.done {
            entries.removeFirst()
            firstIndex += 1
        }
    }

    private func batchEnded() {
        guard !isFinished else { return }
        flushDirty()
        dropDone()
        progressed()
    }

    // MARK: Links

    private func link(for address: ReplayAddress) -> RESPNodeLink {
        if let link = links[address] { return link }
        let link = RESPNodeLink(address: address, allocator: ByteBufferAllocator())
        links[address] = link
        ReplayConnector.connect(to: address, on: eventLoop, timeoutSeconds: options.connectTimeoutSeconds) { channel in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(ByteToMessageHandler(RESPValueDecoder()))
            try operations.addHandler(
                ReplayChannelHandler<RESPValue>(
                    onValue: { self.reply($0, from: address) }, onBatchEnd: { self.batchEnded() },
                    onEnd: { self.linkEnded(address, error: $0) }))
        }.whenComplete { result in
            switch result {
            case .success(let channel): self.linkConnected(address, channel)
            case .failure(let error): self.fail("cannot connect to \(address): \(error)")
            }
        }
        return link
    }

    private func linkConnected(_ address: ReplayAddress, _ channel: any Channel) {
        guard !isFinished, let link = links[address] else {
            channel.close(promise: nil)
            return
        }
        link.channel = channel
        link.flush()
    }

    private func linkEnded(_ address: ReplayAddress, error: String?) {
        guard let link = links[address], !link.ended else { return }
        link.ended = true
        link.channel = nil
        guard !isFinished else { return }
        if let error {
            fail("connection to \(address) failed: \(error)")
        } else if link.awaitingCount > 0 {
            fail("\(address) closed the connection with \(link.awaitingCount) replies outstanding")
        }
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
