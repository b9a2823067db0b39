/// Which replication history this node's data belongs to (Redis's `replid`, `replid2`,
/// `second_replid_offset`, `master_repl_offset`). Two nodes with the same id and offset
/// hold the same data; the previous id lets replicas of a demoted master resume with the
/// node that replaced it.
struct ReplicationHistory: Equatable {
    static let noID = String(repeating: "0", count: 40)

    /// `master_replid`.
    var id: String
    /// `master_replid2`: the history this one continues, valid up to `previousIDLimit`.
    var previousID = ReplicationHistory.noID
    /// `second_repl_offset`: the first offset the previous id does not cover (-1: none).
    var previousIDLimit: Int64 = -1
    /// `master_repl_offset`: bytes of stream produced (master) or applied (replica).
    var offset: Int64 = 0

    init(id: String = RedisNode.randomHexID()) {
        self.id = id
    }

    /// `changeReplicationId`: a new story starts (the dataset no longer follows the old one).
    mutating func newID() {
        id = RedisNode.randomHexID()
    }

    /// `clearReplicationId2`.
    mutating func forgetPreviousID() {
        previousID = Self.noID
        previousIDLimit = -1
    }

    /// `shiftReplicationId`, on promotion: replicas that followed the old id up to here can
    /// go on with the new one. A replica asks for its first missing byte, hence the +1.
    mutating func shift() {
        previousID = id
        previousIDLimit = offset + 1
        newID()
    }
}

/// What a master answers to `PSYNC <replid> <offset>` (`masterTryPartialResynchronization`).
enum PsyncDecision: Equatable {
    /// +CONTINUE: send the backlog from `offset`.
    case partial(from: Int64)
    case full(FullResyncReason)

    enum FullResyncReason: Equatable {
        /// `PSYNC ? -1`: the replica has nothing to resume.
        case requested
        /// Neither of our ids is the one the replica follows.
        case unknownID
        /// The replica follows our previous id, but further than we followed it.
        case beyondPreviousID(limit: Int64)
        /// Right history, but the bytes it lacks are no longer (or not yet) in the backlog.
        case outsideBacklog
    }

    /// `backlog`: nil when there is none.
    static func decide(replicationID: String, offset: Int64, history: ReplicationHistory, backlog: ReplicationBacklog?)
        -> PsyncDecision
    {
        let requested = replicationID.lowercased()
        let matchesCurrent = requested == history.id.lowercased()
        let matchesPrevious = requested == history.previousID.lowercased()
        if !matchesCurrent && !(matchesPrevious && offset <= history.previousIDLimit) {
            if replicationID.hasPrefix("?") { return .full(.requested) }
            if matchesPrevious { return .full(.beyondPreviousID(limit: history.previousIDLimit)) }
            return .full(.unknownID)
        }
        guard let backlog, backlog.canServe(from: offset) else { return .full(.outsideBacklog) }
        return .partial(from: offset)
    }
}
