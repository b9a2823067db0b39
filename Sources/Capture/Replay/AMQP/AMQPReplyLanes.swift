import AMQP
import NIOCore

/// A replayed AMQP connection's server commands, captured and replayed, per replay channel in
/// two lanes (`AMQPLane`) paired in order. What is left in a lane once the target has said
/// everything is missing (captured) or extra (replayed).
///
/// A channel the target closed where the capture did not is cut off for that opening (its
/// epoch: the client's channel.open count on it): the captured commands of that opening are
/// dropped instead of each diverging from silence, and the client's skipped, until the client
/// opens the channel again. A close from the target that reaches the replay before any captured
/// reply it could stand against is answered at once and set beside the capture's next reply
/// (`closeAnswered`): the session decides then whether the capture closed the channel too.
struct AMQPReplyLanes {
    struct Expected {
        var command: Command
        /// The client command it answers, for the report.
        var request: String
        var requestIndex: Int
        var packetNumber: Int
        var epoch: Int
    }

    private var expected: [AMQPLane: CircularBuffer<Expected>] = [:]
    private var replayed: [AMQPLane: CircularBuffer<Command>] = [:]
    /// Captured commands not paired yet.
    private(set) var unpaired = 0
    private var captureEpochs: [UInt16: Int] = [:]
    private var sentEpochs: [UInt16: Int] = [:]
    private var deadEpochs: [UInt16: Int] = [:]
    /// Per channel, the opening whose close by the target the replay answered before the
    /// capture said what its server did there.
    private var answeredEpochs: [UInt16: Int] = [:]
    /// Channels cut off whose next opening has not answered yet.
    private var cut: Set<UInt16> = []
    /// Captured commands the server sends on its own that the target never sent (`giveUpAsynchronous`).
    private var givenUp: [AMQPLane: [Expected]] = [:]
    /// Per channel, the last captured command paired: where an extra one came after.
    private var lastPaired: [UInt16: Expected] = [:]

    // MARK: The capture's side

    /// The captured client (re)opened `channel`.
    mutating func clientOpened(_ channel: UInt16) { captureEpochs[channel, default: 0] += 1 }

    /// The opening of `channel` the capture has reached.
    func captureEpoch(_ channel: UInt16) -> Int { captureEpochs[channel, default: 0] }

    /// Whether that opening of `channel` was cut off: its captured commands are dropped.
    func isCutOff(_ channel: UInt16, epoch: Int) -> Bool { deadEpochs[channel] == epoch }

    /// Whether client commands of `epoch` on `channel` are left unsent: the target closed it
    /// (what the client sent after the close, the capture's server discarded too, or the capture
    /// went on and the channel is cut off).
    func isSkipped(_ channel: UInt16, epoch: Int) -> Bool { isCutOff(channel, epoch: epoch) || answeredEpochs[channel] == epoch }

    /// A captured server command to pair; false (not kept) when its channel opening was cut off.
    mutating func expect(_ expectation: Expected, channel: UInt16) -> Bool {
        guard !isCutOff(channel, epoch: expectation.epoch) else { return false }
        expected[AMQPLane(channel: channel, method: expectation.command.method), default: []].append(expectation)
        unpaired += 1
        return true
    }

    // MARK: The target's side

    /// Whether a client command of `epoch` may go out on `channel`: a reopened channel waits
    /// until the replies to its previous opening are in or dropped, as the client waited for
    /// close-ok (a target that closed the channel discards what reaches it before its close-ok).
    func mayGo(on channel: UInt16, epoch: Int) -> Bool {
        guard let sent = sentEpochs[channel], epoch > sent else { return true }
        return expected[AMQPLane(channel: channel, asynchronous: false)]?.contains { $0.epoch < epoch } != true
    }

    /// A client command of `epoch` went to the target on `channel`.
    mutating func sent(on channel: UInt16, epoch: Int) { sentEpochs[channel] = epoch }

    /// Whether a target's command is the close-ok to a client channel.close that crossed the
    /// target's own close of a cut-off channel: neither side's, dropped.
    mutating func isStrayCloseOk(_ command: Command) -> Bool {
        guard cut.contains(command.channel) else { return false }
        if case .channel(.closeOk) = command.method { return true }
        cut.remove(command.channel)
        return false
    }

    mutating func replayed(_ command: Command) {
        replayed[AMQPLane(channel: command.channel, method: command.method), default: []].append(command)
    }

    /// The next captured and replayed commands of `lane`, both then let go.
    mutating func nextPair(on lane: AMQPLane) -> (Expected, Command)? {
        guard let expectation = expected[lane]?.first, let actual = replayed[lane]?.first else { return nil }
        expected[lane]?.removeFirst()
        replayed[lane]?.removeFirst()
        unpaired -= 1
        lastPaired[lane.channel] = expectation
        return (expectation, actual)
    }

    /// The captured reply a target's channel.close on `channel` stands against: the oldest
    /// awaited (nil while none has arrived).
    func awaitedReply(on channel: UInt16) -> Expected? { expected[AMQPLane(channel: channel, asynchronous: false)]?.first }

    /// The replay answered the target's close of `channel` before knowing what the capture did:
    /// the opening last sent on it takes no more client commands.
    mutating func closeAnswered(on channel: UInt16) { answeredEpochs[channel] = sentEpochs[channel] ?? captureEpoch(channel) }

    /// The target closed `channel`: `epoch` (by default the opening its oldest awaited reply
    /// belongs to, else the last sent) is cut off. Returns the captured commands dropped (never
    /// to be paired).
    mutating func cutOff(_ channel: UInt16, epoch given: Int? = nil) -> [Expected] {
        let oldest = expected[AMQPLane(channel: channel, asynchronous: false)]?.first?.epoch
        let epoch = given ?? oldest ?? sentEpochs[channel] ?? captureEpoch(channel)
        deadEpochs[channel] = epoch
        cut.insert(channel)
        var dropped: [Expected] = []
        for asynchronous in [false, true] {
            let lane = AMQPLane(channel: channel, asynchronous: asynchronous)
            if let queued = expected[lane] {
                dropped += queued.filter { $0.epoch == epoch }
                expected[lane] = CircularBuffer(queued.filter { $0.epoch != epoch })
            }
            givenUp[lane]?.removeAll { $0.epoch == epoch }
            replayed[lane] = nil
        }
        unpaired -= dropped.count
        return dropped
    }

    /// Per channel, the last captured command paired before `channel` was cut off or ended.
    func lastPaired(on channel: UInt16) -> Expected? { lastPaired[channel] }

    /// Whether a captured reply to a synchronous request up to the `index`-th client command
    /// (`Expected.requestIndex`) is unpaired: one the target should have sent by now.
    func awaitsReply(toRequestsThrough index: Int) -> Bool {
        expected.contains { lane, queued in !lane.asynchronous && queued.contains { $0.requestIndex <= index } }
    }

    /// The reply timeout ran out with only what the server sends on its own awaited: it is no
    /// longer waited for (nor paired) and counts as missing. Returns it with its replay channel.
    mutating func giveUpAsynchronous() -> [(channel: UInt16, expected: Expected)] {
        var abandoned: [(channel: UInt16, expected: Expected)] = []
        for (lane, queued) in expected where lane.asynchronous && !queued.isEmpty {
            abandoned += queued.map { (lane.channel, $0) }
            givenUp[lane, default: []] += queued
            expected[lane] = nil
        }
        unpaired -= abandoned.count
        return abandoned
    }

    /// Everything left unpaired, lane by lane in channel order, then let go: captured commands
    /// the target never sent, and the target's beyond the capture's.
    /// Missing ones come with their replay channel (their command keeps the captured one).
    mutating func takeLeftovers() -> (missing: [(channel: UInt16, expected: Expected)], extra: [Command]) {
        let lanes = Set(expected.keys).union(replayed.keys).union(givenUp.keys)
            .sorted { ($0.channel, $0.asynchronous ? 1 : 0) < ($1.channel, $1.asynchronous ? 1 : 0) }
        var missing: [(channel: UInt16, expected: Expected)] = []
        var extra: [Command] = []
        for lane in lanes {
            missing += ((givenUp[lane] ?? []) + (expected[lane].map(Array.init) ?? [])).map { (lane.channel, $0) }
            extra += replayed[lane].map(Array.init) ?? []
        }
        expected = [:]
        replayed = [:]
        givenUp = [:]
        unpaired = 0
        return (missing, extra)
    }
}

/// Server commands of one channel are paired in order within a lane: replies to the client's
/// synchronous requests in one, what the server sends on its own (deliveries, returns, publisher
/// confirms, a consumer cancelled by the server) in the other — those interleave with replies
/// differently from run to run.
struct AMQPLane: Hashable {
    var channel: UInt16
    var asynchronous: Bool

    init(channel: UInt16, asynchronous: Bool) {
        self.channel = channel
        self.asynchronous = asynchronous
    }

    init(channel: UInt16, method: AMQP.Method) {
        self.channel = channel
        switch method {
        case .basic(.deliver), .basic(.return), .basic(.ack), .basic(.nack), .basic(.cancel), .channel(.flow): asynchronous = true
        default: asynchronous = false
        }
    }
}
