import RESP

@testable import RedisServer

/// Shorthands for expected replies.
func bulks(_ items: String...) -> RESPValue { .array(items.map { .bulk($0) }) }

/// A RESP3 `[member, score]` pair.
func pair(_ member: String, _ score: Double) -> RESPValue { .array([.bulk(member), .double(score)]) }

extension TestNode {
    /// Switches the default client to RESP3.
    func resp3() {
        _ = run("HELLO", "3")
    }

    /// Stores a plain set under `key` (set inputs of ZUNION & co.).
    func addSet(_ key: String, _ members: [String]) {
        run((["SADD", key] + members).map { Array($0.utf8) })
    }

    func encoding(_ key: String) -> RESPValue { run("OBJECT", "ENCODING", key) }
}

