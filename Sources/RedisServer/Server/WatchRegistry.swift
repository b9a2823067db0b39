/// A key a client WATCHes, and whether it was already expired when watched (then its
/// deletion by expiry is not a change, as in Redis 7.0).
struct WatchedKey {
    var db: Int
    var key: Bytes
    var expiredAtWatch: Bool
}

/// Who watches which key, so that a change marks their transactions as dirty (CAS).
final class WatchRegistry {
    private var watchers: [DBKey: [Client]] = [:]

    var isEmpty: Bool { watchers.isEmpty }

    func watch(_ client: Client, db: Int, key: Bytes, expired: Bool) {
        if client.watched.contains(where: { $0.db == db && $0.key == key }) { return }
        client.watched.append(WatchedKey(db: db, key: key, expiredAtWatch: expired))
        watchers[DBKey(db: db, key: key), default: []].append(client)
    }

    func unwatchAll(_ client: Client) {
        for w in client.watched {
            let k = DBKey(db: w.db, key: w.key)
            watchers[k]?.removeAll { $0 === client }
            if watchers[k]?.isEmpty == true { watchers[k] = nil }
        }
        client.watched.removeAll()
    }

    /// `touchWatchedKey`.
    func touch(db: Int, key: Bytes, node: RedisNode) {
        if watchers.isEmpty { return }
        guard let clients = watchers[DBKey(db: db, key: key)] else { return }
        let stillThere = node.databases[db].table.index(of: key) != nil
        for client in clients {
            if let i = client.watched.firstIndex(where: { $0.db == db && $0.key == key }),
                client.watched[i].expiredAtWatch && !stillThere
            {
                // An already-expired key got deleted: logically nothing changed.
                client.watched[i].expiredAtWatch = false
                continue
            }
            client.dirtyCAS = true
            unwatchAll(client)
        }
    }

    /// FLUSHDB / FLUSHALL / SWAPDB: every watched key that exists in `db` counts as touched.
    func touchAll(db: Int, node: RedisNode) {
        for (k, _) in watchers where k.db == db {
            if node.databases[db].table.index(of: k.key) != nil {
                touch(db: db, key: k.key, node: node)
            }
        }
    }
}
