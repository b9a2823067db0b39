import NIOCore

/// The reading thread's side of a replay: which session each captured connection has, what is
/// batched for it, pacing, cross-connection order and backpressure.
struct ReplayRun {
    /// Messages handed to a loop in one hop.
    static let batchSize = 256

    /// One captured connection as the reading thread sees it.
    final class Driver {
        let session: ReplaySession
        var pending: [ConversationMessage] = []
        /// Client messages handed over, and how many the session had settled when last asked.
        var delivered = 0
        var knownSettled = 0
        var capturedServerMessages = 0
        var ended = false
        var closed = false

        init(session: ReplaySession) {
            self.session = session
            pending.reserveCapacity(ReplayRun.batchSize)
        }
    }

    let options: ReplayOptions
    let group: any EventLoopGroup
    let rules: ReplayIgnoreRules
    private let start = NIODeadline.now()
    private var pacer: ReplayPacer
    private var opened: [TCPConnectionID: ConversationOpened] = [:]
    private var drivers: [TCPConnectionID: Driver] = [:]
    /// `.capture` ordering: connection → captured server messages seen so far that later
    /// client messages on other connections must wait for.
    private var barriers: [TCPConnectionID: Int] = [:]
    /// Connections no longer waited for: their client side stopped decoding (a gap), so the
    /// replay cannot get the replies the capture shows, or a wait on them ran out once.
    private var unordered: Set<TCPConnectionID> = []
    private var problems: [String] = []
    private var problemSet: Set<String> = []

    init(options: ReplayOptions, group: any EventLoopGroup) {
        self.options = options
        self.group = group
        self.rules = ReplayIgnoreRules(options.ignore)
        self.pacer = ReplayPacer(speed: options.speed, start: start)
    }

    mutating func handle(_ event: ConversationEvent) {
        switch event {
        case .opened(let o):
            pacer.observe(o.timestamp)
            opened[o.connection] = o
        case .problem(let p):
            addProblem(p.description)
            if let connection = p.connection, p.direction != .serverToClient, unordered.insert(connection).inserted {
                barriers[connection] = nil
            }
        case .message(let m):
            handle(m)
        case .closed(let c):
            guard let driver = drivers[c.connection], !driver.closed else { return }
            driver.closed = true
            flush(driver)
            let session = driver.session
            session.eventLoop.execute { session.closeClient() }
        }
    }

    private mutating func handle(_ message: ConversationMessage) {
        if message.direction == .clientToServer, let deadline = pacer.deadline(for: message.timestamp) {
            flushAll()
            try? group.next().scheduleTask(deadline: deadline) {}.futureResult.wait()
        } else {
            pacer.observe(message.timestamp)
        }
        let driver = self.driver(for: message)
        guard !driver.ended, !driver.closed else { return }
        if message.direction == .serverToClient {
            driver.pending.append(message)
            driver.capturedServerMessages += 1
            if options.ordering == .capture && !unordered.contains(message.connection) {
                barriers[message.connection] = driver.capturedServerMessages
            }
        } else {
            if options.ordering == .capture { waitForOtherConnections(before: message.connection) }
            driver.pending.append(message)
            driver.delivered += 1
            if driver.delivered - driver.knownSettled >= options.maxOutstandingPerConnection {
                flush(driver)
                let target = driver.delivered - options.maxOutstandingPerConnection / 2
                // Bounded: a target that takes the connection but never answers (a handshake that
                // never completes) must not hold the reading thread forever.
                let limit = options.connectTimeoutSeconds + options.replyTimeoutSeconds
                let progress = wait(driver.session, timeoutSeconds: limit) { $0.settled >= target }
                driver.knownSettled = progress.settled
                driver.ended = progress.ended
                if !progress.ended && progress.settled < target {
                    let session = driver.session
                    let waiting = options.maxOutstandingPerConnection
                    session.eventLoop.execute {
                        session.fail("\(session.report.target.map { "\($0)" } ?? "the target") took no request for \(limit)s with \(waiting) waiting")
                    }
                    driver.ended = true
                }
                return
            }
        }
        if driver.pending.count >= Self.batchSize { flush(driver) }
    }

    /// `.capture`: the replies other connections had received in the capture by now must have
    /// arrived in the replay too.
    private mutating func waitForOtherConnections(before connection: TCPConnectionID) {
        guard !barriers.isEmpty, barriers.count > 1 || barriers[connection] == nil else { return }
        flushAll()
        for (other, count) in barriers where other != connection {
            guard let driver = drivers[other] else { continue }
            let progress = wait(driver.session, timeoutSeconds: options.replyTimeoutSeconds) { $0.received >= count - $0.capturedServerSkipped }
            barriers[other] = nil
            if !progress.ended && progress.replies < count {
                // Waiting again on every later message would cost a timeout each time.
                unordered.insert(other)
                addProblem("\(other): no reply within \(options.replyTimeoutSeconds)s while later connections waited; its order against them is no longer kept")
            }
        }
    }

    private mutating func driver(for message: ConversationMessage) -> Driver {
        if let driver = drivers[message.connection] { return driver }
        let info = opened[message.connection]
        let client = info?.client ?? TCPEndpoint(address: "0.0.0.0", port: 0)
        let server = info?.server ?? TCPEndpoint(address: "0.0.0.0", port: 0)
        let proto = options.protocol ?? message.protocol
        let target = options.portMap[server.port] ?? options.target
        let report = ReplayConnectionReport(connection: message.connection, client: client, server: server, protocol: proto, target: target)
        let loop = group.next()
        let session: ReplaySession
        switch proto {
        case .resp:
            session = RESPReplaySession(eventLoop: loop, options: options, rules: rules, report: report, target: target)
        case .http:
            session = HTTPReplaySession(eventLoop: loop, options: options, rules: rules, report: report, target: target, server: server)
        case .amqp:
            session = AMQPReplaySession(eventLoop: loop, options: options, rules: rules, report: report, target: target)
        }
        loop.execute { session.start() }
        let driver = Driver(session: session)
        drivers[message.connection] = driver
        opened[message.connection] = nil
        return driver
    }

    private func flush(_ driver: Driver) {
        guard !driver.pending.isEmpty else { return }
        let batch = driver.pending
        driver.pending.removeAll(keepingCapacity: true)
        let session = driver.session
        session.eventLoop.execute { session.deliver(batch) }
    }

    private func flushAll() {
        for driver in drivers.values { flush(driver) }
    }

    private func wait(_ session: ReplaySession, timeoutSeconds: Double?, _ condition: @escaping @Sendable (ReplaySession) -> Bool)
        -> ReplayProgress
    {
        let future = session.eventLoop.flatSubmit { session.when(timeoutSeconds: timeoutSeconds, condition) }
        return (try? future.wait()) ?? ReplayProgress(settled: 0, ended: true)
    }

    private mutating func addProblem(_ text: String) {
        guard problems.count < 1000, problemSet.insert(text).inserted else { return }
        problems.append(text)
    }

    /// Lets every connection finish (or time out) and gathers the report.
    mutating func finish() -> ReplayReport {
        flushAll()
        for driver in drivers.values where !driver.closed {
            driver.closed = true
            let session = driver.session
            session.eventLoop.execute { session.closeClient() }
        }
        let grace = options.connectTimeoutSeconds + options.replyTimeoutSeconds + 1
        // Every session's grace starts now, together: waiting on them one after another would
        // add up the graces of stuck sessions.
        let futures = drivers.keys.sorted().compactMap { id in drivers[id]?.session }.map { session in
            session.eventLoop.flatSubmit {
                session.when(timeoutSeconds: grace) { _ in false }.map { _ in
                    session.fail("did not finish within \(grace)s after the capture ended")
                    return session.result
                }
            }
        }
        var results: [ReplaySessionResult] = []
        for future in futures {
            if let result = try? future.wait() { results.append(result) }
        }
        var report = ReplayReport(problems: problems)
        for result in results {
            report.connections.append(result.report)
            report.divergenceCount += result.report.divergences
            for divergence in result.divergences where report.divergences.count < options.divergencesKept {
                report.divergences.append(divergence)
            }
            report.requestsSent += result.report.requestsSent
            report.repliesCompared += result.report.repliesCompared
            report.repliesIgnored += result.repliesIgnored
            for problem in result.problems { addProblem(problem) }
            if let failure = result.report.failure { addProblem("\(result.report.connection): \(failure)") }
        }
        report.problems = problems
        report.seconds = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        return report
    }
}
