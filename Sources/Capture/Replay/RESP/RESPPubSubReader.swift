import RESP

/// One side of a replayed RESP connection — the captured server's replies, or one link to the
/// target — read with pub/sub in mind: a pub/sub request's confirmations gathered into one
/// answer, and messages that arrive while subscribed told apart as pushes that answer nothing.
///
/// The subscriptions are learnt from the side's own confirmations, so each side stays in step
/// with its own stream even when the two disagree.
struct RESPPubSubReader {
    enum Reading: Equatable {
        /// The whole answer to the request awaited (several confirmations come as one array).
        case reply(RESPValue)
        /// One confirmation of several; the answer is not complete yet.
        case partOfReply
        /// A message (`message`, `pmessage`, `smessage`, a RESP3 push) that answers no request.
        case push(RESPValue)
    }

    private var channels: Set<[UInt8]> = []
    private var patterns: Set<[UInt8]> = []
    private var shardChannels: Set<[UInt8]> = []
    private var collected: [RESPValue] = []
    private var expected = 0
    /// The answer collected is an unsubscribe from all: its channels come in the server's hash
    /// order, which differs from run to run.
    private var sortsChannels = false
    private(set) var isSubscribed = false
    /// The side has sent a RESP3 push: from then on only pushes are pushes, as an ordinary
    /// array reply (any command may run while subscribed in RESP3) can look like a message.
    private var speaksRESP3 = false

    /// Whether a reply may be anything but the one answer to the request awaited: subscribed,
    /// or midway through a request's confirmations. False on the fast path.
    var isActive: Bool { isSubscribed || expected > 0 }

    /// Reads the next value of this side; `awaiting` is the pub/sub request its next answer
    /// belongs to, nil when that is an ordinary request (or none).
    mutating func read(_ value: RESPValue, awaiting request: RESPPubSubRequest?) -> Reading {
        let elements = value.elements
        let isPush = value.isPush
        if isPush { speaksRESP3 = true }
        let confirmation = elements.flatMap(Self.confirmation)
        if let request, let confirmation, confirmation.kind == request.kind {
            if expected == 0 {
                expected = request.named > 0 ? request.named : Swift.max(1, count(of: request.kind.family))
                sortsChannels = request.named == 0
            }
            apply(confirmation)
            collected.append(value)
            guard collected.count >= expected else { return .partOfReply }
            return .reply(takeCollected())
        }
        if isPush {
            // RESP3: pushes say what they are; a confirmation nobody asked for (a shard channel
            // dropped when its slot moved) still changes what the side is subscribed to.
            if let confirmation { apply(confirmation) }
            return .push(value)
        }
        if isSubscribed, !speaksRESP3, let elements {
            if Self.isMessage(elements) { return .push(value) }
            if let confirmation {
                apply(confirmation)
                return .push(value)
            }
        }
        if expected > 0 {
            // Something else in the midst of a request's confirmations (an error from a server
            // that gave up on the rest): it ends that answer.
            collected.append(value)
            return .reply(takeCollected())
        }
        if isSubscribed, value == .simpleString("RESET") { unsubscribeAll() }
        return .reply(value)
    }

    // MARK: Private

    private struct Confirmation {
        var kind: RESPPubSubRequest.Kind
        var channel: [UInt8]?
    }

    /// `[kind, channel or nil, count]` with a pub/sub kind first.
    private static func confirmation(_ elements: [RESPValue]) -> Confirmation? {
        guard elements.count == 3, case .bulkString(let name?) = elements[0], case .integer = elements[2],
            let kind = RESPPubSubRequest.Kind(rawValue: String(decoding: name, as: UTF8.self))
        else { return nil }
        switch elements[1] {
        case .bulkString(let channel): return Confirmation(kind: kind, channel: channel)
        case .null: return Confirmation(kind: kind, channel: nil)
        default: return nil
        }
    }

    /// `message channel payload`, `pmessage pattern channel payload`, `smessage channel payload`.
    private static func isMessage(_ elements: [RESPValue]) -> Bool {
        guard let first = elements.first, case .bulkString(let name?) = first else { return false }
        switch elements.count {
        case 3: return name == Array("message".utf8) || name == Array("smessage".utf8)
        case 4: return name == Array("pmessage".utf8)
        default: return false
        }
    }

    private func count(of family: RESPPubSubRequest.Family) -> Int {
        switch family {
        case .channels: channels.count
        case .patterns: patterns.count
        case .shardChannels: shardChannels.count
        }
    }

    private mutating func apply(_ confirmation: Confirmation) {
        if let channel = confirmation.channel {
            switch confirmation.kind.family {
            case .channels: Self.update(&channels, channel, subscribes: confirmation.kind.subscribes)
            case .patterns: Self.update(&patterns, channel, subscribes: confirmation.kind.subscribes)
            case .shardChannels: Self.update(&shardChannels, channel, subscribes: confirmation.kind.subscribes)
            }
        }
        isSubscribed = !channels.isEmpty || !patterns.isEmpty || !shardChannels.isEmpty
    }

    private static func update(_ set: inout Set<[UInt8]>, _ channel: [UInt8], subscribes: Bool) {
        if subscribes {
            set.insert(channel)
        } else {
            set.remove(channel)
        }
    }

    private mutating func unsubscribeAll() {
        channels = []
        patterns = []
        shardChannels = []
        isSubscribed = false
    }

    private mutating func takeCollected() -> RESPValue {
        if sortsChannels && collected.count > 1 { Self.sortChannels(&collected) }
        let whole = collected.count == 1 ? collected[0] : .array(collected)
        collected = []
        expected = 0
        sortsChannels = false
        return whole
    }

    /// Puts the channels of confirmations in byte order, each count left where it was (the
    /// counts go down one by one whatever the order), so both sides read alike.
    private static func sortChannels(_ confirmations: inout [RESPValue]) {
        var positions: [Int] = []
        var channels: [[UInt8]] = []
        for (position, value) in confirmations.enumerated() {
            guard let elements = value.elements, elements.count == 3, case .bulkString(let channel?) = elements[1] else { continue }
            positions.append(position)
            channels.append(channel)
        }
        channels.sort { $0.lexicographicallyPrecedes($1) }
        for (position, channel) in zip(positions, channels) {
            guard var elements = confirmations[position].elements else { continue }
            elements[1] = .bulkString(channel)
            confirmations[position] = confirmations[position].isPush ? .push(elements) : .array(elements)
        }
    }
}

extension RESPValue {
    /// A RESP3 push (`>`), which answers no request.
    var isPush: Bool {
        if case .push = self { return true }
        return false
    }

    /// The elements of an array or a push.
    fileprivate var elements: [RESPValue]? {
        switch self {
        case .array(let elements?), .push(let elements): elements
        default: nil
        }
    }
}
