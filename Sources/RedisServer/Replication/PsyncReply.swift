/// A master's answer to PSYNC, as a replica reads it (`slaveTryPartialResynchronization`).
enum PsyncReply: Equatable {
    /// An empty line: the master keeps the link alive while it prepares its answer.
    case keepalive
    /// `+FULLRESYNC <replid> <offset>`: a snapshot follows. nil fields: malformed reply
    /// (Redis goes on with the transfer but cannot resume from it later).
    case fullResync(replicationID: String?, offset: Int64)
    /// `+CONTINUE [<replid>]`: the stream resumes; a new id means the master's history moved on.
    case partial(newReplicationID: String?)
    /// -NOMASTERLINK / -LOADING: ask again later.
    case tryLater(String)
    /// Anything else: the master cannot PSYNC.
    case unsupported(String)

    init(line: String) {
        if line.isEmpty {
            self = .keepalive
        } else if line.hasPrefix("+FULLRESYNC") {
            let words = line.split(separator: " ", omittingEmptySubsequences: false)
            if words.count >= 3, words[1].utf8.count == 40, let offset = Int64(words[2]) {
                self = .fullResync(replicationID: String(words[1]), offset: offset)
            } else {
                self = .fullResync(replicationID: nil, offset: -1)
            }
        } else if line.hasPrefix("+CONTINUE") {
            let rest = line.dropFirst("+CONTINUE".count).drop { $0 == " " }
            self = .partial(newReplicationID: rest.utf8.count == 40 ? String(rest) : nil)
        } else if line.hasPrefix("-NOMASTERLINK") || line.hasPrefix("-LOADING") {
            self = .tryLater(line)
        } else {
            self = .unsupported(line)
        }
    }
}
