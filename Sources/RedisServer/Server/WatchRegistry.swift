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

    /// `touchAllWatchedKeysInDb`: FLUSHDB and FLUSHALL empty `emptied`, SWAPDB replaces its
    /// content with `replacement`'s. A watched key changes if it exists on either side, except
    /// when it only goes from expired to gone or to expired again (no logical change).
    func touchAll(emptied: Database, replacement: Database?, now: Int64) {
        for (k, clients) in watchers where k.db == emptied.id {
            let inEmptied = emptied.table.index(of: k.key) != nil
            let replacementExpireAt = replacement?.entry(k.key)?.expireAt
            guard inEmptied || replacementExpireAt != nil else { continue }
            let replacementExpired = replacementExpireAt.map { $0 >= 0 && $0 <= now } ?? false
            for client in clients {
                guard let i = client.watched.firstIndex(where: { $0.db == k.db && $0.key == k.key }) else { continue }
                if client.watched[i].expiredAtWatch {
                    if replacementExpireAt == nil {
                        client.watched[i].expiredAtWatch = false
                        continue
                    }
                    if replacementExpired { continue }
                } else if !inEmptied && replacementExpired {
                    client.watched[i].expiredAtWatch = true
                    continue
                }
                client.dirtyCAS = true
            }
        }
    }
}
