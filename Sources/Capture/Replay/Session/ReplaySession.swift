import NIOCore

/// The replay of one captured connection: what every protocol shares — counters, waiters the
/// reading thread blocks on, the reply timeout, divergence bookkeeping and the end.
///
/// Every stored property is touched only on `eventLoop` (the reading thread reaches a session
/// through `execute`/`submit`), hence `@unchecked Sendable`. Subclasses override the hooks.
class ReplaySession: @unchecked Sendable {
    let eventLoop: any EventLoop
    let options: ReplayOptions
    let rules: ReplayIgnoreRules
    private(set) var report: ReplayConnectionReport
    private(set) var divergences: [ReplayDivergence] = []
    private(set) var repliesIgnored = 0
    private(set) var problems: [String] = []
    /// Client messages dealt with: answered, sent when no answer is due, or skipped.
    var settled = 0
    /// Server messages the replay produced that stand for captured ones (`.capture` ordering).
    var received = 0
    /// Captured server messages the replay is not expected to reproduce (handshake, 1xx).
    var capturedServerSkipped = 0
    private(set) var clientClosed = false
    private(set) var isFinished = false
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var timer: RepeatedTask?
    private var lastProgress = NIODeadline.now()
    private let finishedPromise: EventLoopPromise<Void>

    private struct Waiter {
        var id: Int
        var condition: (ReplaySession) -> Bool
        var promise: EventLoopPromise<ReplayProgress>
    }

    init(eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport) {
        self.eventLoop = eventLoop
        self.options = options
        self.rules = rules
        self.report = report
        self.finishedPromise = eventLoop.makePromise()
    }

    // MARK: Hooks for the protocols

    /// Connects; called once on the loop before the first `deliver`.
    func start() {}
    /// Captured messages of this connection in capture order: client ones to send, server ones
    /// to compare with what the target answers.
    func deliver(_ messages: [ConversationMessage]) {}
    /// Requests queued or sent whose answer has not arrived.
    var awaitingReplies: Int { 0 }
    /// Closes whatever channels are open.
    func closeChannels() {}
    /// The session is ending (`report.failure` says whether it failed): last comparisons.
    func finishing() {}
    /// The reply timeout ran out with `awaitingReplies` > 0. A protocol that was waiting only
    /// for messages it can do without (RESP pushes, AMQP server-initiated methods that may never
    /// come) deals with them and returns true, and the wait starts again; false fails the
    /// connection.
    func replyTimeoutRanOut() -> Bool { false }

    // MARK: For the reading thread (call on the loop)

    /// Succeeds once `condition` holds or the session has ended; after `timeoutSeconds`, if
    /// given, succeeds anyway (the caller goes on without the guarantee).
    func when(timeoutSeconds: Double? = nil, _ condition: @escaping (ReplaySession) -> Bool) -> EventLoopFuture<ReplayProgress> {
        if isFinished || condition(self) { return eventLoop.makeSucceededFuture(progress) }
        let promise = eventLoop.makePromise(of: ReplayProgress.self)
        let id = nextWaiterID
        nextWaiterID += 1
        waiters.append(Waiter(id: id, condition: condition, promise: promise))
        if let timeoutSeconds {
            eventLoop.scheduleTask(in: .nanoseconds(Int64(timeoutSeconds * 1e9))) { self.resolveWaiter(id) }
        }
        return promise.futureResult
    }

    /// The capture has no more messages for this connection: end once everything is answered.
    func closeClient() {
        clientClosed = true
        progressed()
    }

    var finished: EventLoopFuture<Void> { finishedPromise.futureResult }

    var progress: ReplayProgress { ReplayProgress(settled: settled, ended: isFinished, replies: received + capturedServerSkipped) }

    var result: ReplaySessionResult {
        ReplaySessionResult(report: report, divergences: divergences, repliesIgnored: repliesIgnored, problems: problems)
    }

    // MARK: For the protocols

    /// Connects to `address` with the pipeline `configure` builds; `connected` runs on the loop
    /// unless the session ended meanwhile (the channel is then closed). A failure ends the session.
    func connect(
        to address: ReplayAddress, configure: @escaping @Sendable (any Channel) throws -> Void,
        connected: @escaping @Sendable (any Channel) -> Void
    ) {
        ReplayConnector.connect(
            to: address, on: eventLoop, timeoutSeconds: options.connectTimeoutSeconds, socketFactory: options.connectSocket, configure: configure
        )
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    if self.isFinished {
                        channel.close(promise: nil)
                    } else {
                        connected(channel)
                    }
                case .failure(let error):
                    self.fail("cannot connect to \(address): \(error)")
                }
            }
    }

    /// A connection to the target ended: a failure unless nothing was awaited on it.
    func connectionEnded(_ address: ReplayAddress, error: String?, outstanding: Int, expected: Bool = false) {
        guard !isFinished else { return }
        if let error {
            fail("connection to \(address) failed: \(error)")
        } else if outstanding > 0 {
            fail("\(address) closed the connection with \(outstanding) replies outstanding")
        } else if !expected {
            problem("\(report.connection): \(address) closed the connection")
        }
    }

    /// After a batch of replies (`byReplies`: the target answered, which is what the reply
    /// timeout measures) or anything else that may let a waiter go (captured messages arriving
    /// must not keep a silent target alive).
    func progressed(byReplies: Bool = false) {
        if byReplies { lastProgress = .now() }
        if clientClosed && awaitingReplies == 0 {
            finish()
            return
        }
        guard !waiters.isEmpty else { return }
        var index = 0
        while index < waiters.count {
            if waiters[index].condition(self) {
                waiters.remove(at: index).promise.succeed(progress)
            } else {
                index += 1
            }
        }
    }

    /// Requests written; `wasIdle` when none was awaiting an answer before (the reply timeout
    /// counts from now, not from the last answer).
    func noteSent(_ count: Int, wasIdle: Bool) {
        report.requestsSent += count
        if wasIdle { lastProgress = .now() }
        if timer == nil && !isFinished {
            let timeout = TimeAmount.nanoseconds(Int64(max(0.001, options.replyTimeoutSeconds) * 1e9))
            timer = eventLoop.scheduleRepeatedTask(initialDelay: timeout, delay: .nanoseconds(max(1_000_000, timeout.nanoseconds / 4))) {
                _ in self.checkReplyTimeout()
            }
        }
    }

    /// Ends this connection's replay early; the run goes on.
    func fail(_ reason: String) {
        guard !isFinished else { return }
        if report.failure == nil { report.failure = reason }
        finish()
    }

    func compared() { report.repliesCompared += 1 }
    func ignored() { repliesIgnored += 1 }

    func diverged(requestIndex: Int, request: String, field: String, expected: String, actual: String, packetNumber: Int) {
        report.divergences += 1
        guard divergences.count < options.divergencesKept, let proto = report.protocol else { return }
        divergences.append(
            ReplayDivergence(
                connection: report.connection, client: report.client, protocol: proto, requestIndex: requestIndex, request: request,
                field: field, expected: expected, actual: actual, packetNumber: packetNumber))
    }

    func problem(_ text: String) {
        if problems.count < 100 && !problems.contains(text) { problems.append(text) }
    }

    // MARK: Private

    private func finish() {
        guard !isFinished else { return }
        isFinished = true
        finishing()
        timer?.cancel()
        timer = nil
        closeChannels()
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.promise.succeed(progress) }
        finishedPromise.succeed(())
    }

    private func resolveWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).promise.succeed(progress)
    }

    private func checkReplyTimeout() {
        guard !isFinished, awaitingReplies > 0 else { return }
        let waited = NIODeadline.now() - lastProgress
        if waited.nanoseconds >= Int64(options.replyTimeoutSeconds * 1e9) {
            if replyTimeoutRanOut() {
                lastProgress = .now()
                progressed()
                return
            }
            fail("no reply from \(report.target.map { "\($0)" } ?? "the target") within \(options.replyTimeoutSeconds)s (\(awaitingReplies) requests unanswered)")
        }
    }
}

/// Where a session stands, as the reading thread sees it after a wait.
struct ReplayProgress: Sendable {
    var settled: Int
    var ended: Bool
    /// Replies received, plus captured server messages that stand for no reply (handshakes,
    /// pushes): what `.capture` ordering counts against the captured server messages.
    var replies: Int = 0
}

/// What one connection's replay found.
struct ReplaySessionResult: Sendable {
    var report: ReplayConnectionReport
    var divergences: [ReplayDivergence]
    var repliesIgnored: Int
    var problems: [String]
}
