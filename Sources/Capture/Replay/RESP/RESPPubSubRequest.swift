/// A pub/sub request, which the server answers with one confirmation per channel instead of
/// one reply: `SUBSCRIBE a b` gets `subscribe a 1` and `subscribe b 2`; `UNSUBSCRIBE` with no
/// channel gets one per channel then subscribed, or a single one naming no channel.
struct RESPPubSubRequest: Sendable {
    /// The confirmation's first element names the command, lower-cased.
    enum Kind: String, Sendable {
        case subscribe, unsubscribe, psubscribe, punsubscribe, ssubscribe, sunsubscribe

        /// `commandName` upper-cased; nil for every other command. Cheap for ordinary ones.
        init?(commandName name: String) {
            // Every pub/sub name is 9 to 12 bytes long: GET, SET and most others stop here.
            guard (9...12).contains(name.utf8.count) else { return nil }
            switch name {
            case "SUBSCRIBE": self = .subscribe
            case "UNSUBSCRIBE": self = .unsubscribe
            case "PSUBSCRIBE": self = .psubscribe
            case "PUNSUBSCRIBE": self = .punsubscribe
            case "SSUBSCRIBE": self = .ssubscribe
            case "SUNSUBSCRIBE": self = .sunsubscribe
            default: return nil
            }
        }

        var subscribes: Bool { self == .subscribe || self == .psubscribe || self == .ssubscribe }

        /// Channels, patterns and shard channels are subscribed to apart.
        var family: Family {
            switch self {
            case .subscribe, .unsubscribe: .channels
            case .psubscribe, .punsubscribe: .patterns
            case .ssubscribe, .sunsubscribe: .shardChannels
            }
        }
    }

    enum Family: Sendable {
        case channels, patterns, shardChannels
    }

    var kind: Kind
    /// Channels or patterns named; 0 for "all of them" (an unsubscribe without arguments).
    var named: Int
    /// How many sides (the captured replies, the target's) have read its whole answer: the
    /// request is forgotten at 2.
    var sidesDone = 0
}
