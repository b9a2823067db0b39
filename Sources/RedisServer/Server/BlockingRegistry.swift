import DequeModule
import NIOCore

/// Why and how a client waits: the command to re-run when a key is ready, and its timeout.
struct BlockedState {
    var db: Int
    var keys: [Bytes]
    var spec: CommandSpec
    var args: [ByteBuffer]
    var timeout: Scheduled<Void>?
}

/// Clients blocked on keys (BLPOP and friends), FIFO per key, and the keys that became
/// ready during the current command. A ready key re-runs each waiter's command in order
/// until the key runs out, which serves them exactly as Redis 7.0 does.
final class BlockingRegistry {
    private var waiting: [DBKey: Deque<Client>] = [:]
    private var ready: [DBKey] = []
    private var readySet = Set<DBKey>()

    /// Checked after every command, so kept as a plain flag.
    private(set) var hasReadyKeys = false
    var blockedCount: Int { Set(waiting.values.flatMap { $0.map(\.id) }).count }
    var blockedKeyCount: Int { waiting.count }

    func block(_ client: Client, _ state: BlockedState) {
        client.blocked = state
        for key in state.keys {
            waiting[DBKey(db: state.db, key: key), default: []].append(client)
        }
    }

    /// Removes the client from every queue and cancels its timeout.
    func unblock(_ client: Client) {
        guard let state = client.blocked else { return }
        state.timeout?.cancel()
        for key in state.keys {
            let k = DBKey(db: state.db, key: key)
            waiting[k]?.removeAll { $0 === client }
            if waiting[k]?.isEmpty == true { waiting[k] = nil }
        }
        client.blocked = nil
    }

    func signalReady(db: Int, key: Bytes) {
        let k = DBKey(db: db, key: key)
        guard waiting[k] != nil, !readySet.contains(k) else { return }
        readySet.insert(k)
        ready.append(k)
        hasReadyKeys = true
    }

    /// Takes the ready keys (and forgets them).
    func takeReady() -> [DBKey] {
        let r = ready
        ready.removeAll()
        readySet.removeAll()
        hasReadyKeys = false
        return r
    }

    func waiters(_ key: DBKey) -> [Client] {
        waiting[key].map(Array.init) ?? []
    }
}

extension RedisNode {
    /// `handleClientsBlockedOnKeys`: for each key that became ready, re-run the commands of
    /// the clients waiting on it, oldest first.
    func serveBlockedClients() {
        while blocking.hasReadyKeys {
            for key in blocking.takeReady() {
                for client in blocking.waiters(key) {
                    guard let state = client.blocked, !client.closing else { continue }
                    guard let i = databases[key.db].table.index(of: key.key) else { break }
                    guard Self.waits(state.spec, for: databases[key.db].table.value(at: i).value) else { continue }
                    retryBlocked(client, state, readyKey: key.key)
                }
            }
        }
    }

    /// As Redis, a ready key only serves the waiters of its own type: a list does not wake
    /// BZPOPMIN, a sorted set does not wake BLPOP.
    static func waits(_ spec: CommandSpec, for value: RedisValue) -> Bool {
        switch (spec.group, value) {
        case (.list, .list), (.sortedSet, .zset): return true
        case (.list, _), (.sortedSet, _): return false
        default: return true
        }
    }

    private func retryBlocked(_ client: Client, _ state: BlockedState, readyKey: Bytes) {
        let db = client.database
        client.select(state.db)
        client.retryingBlocked = true
        client.readyKey = readyKey
        call(client, state.spec, state.args)
        client.retryingBlocked = false
        client.readyKey = nil
        client.select(db.id)
        if client.blocked == nil {
            resumeAfterUnblock(client)
        }
    }

    /// Blocks `client` on `keys` until one is ready or `timeout` (ms, 0 = forever) passes.
    func block(_ call: Call, keys: [Bytes], timeoutMilliseconds: Int64, onTimeout: @escaping @Sendable (Client) -> Void) {
        let client = call.client
        var state = BlockedState(
            db: client.database.id, keys: keys, spec: call.spec, args: call.args.map { Self.owned($0) })
        if timeoutMilliseconds > 0 {
            state.timeout = loop.scheduleTask(in: .milliseconds(timeoutMilliseconds)) { [weak client, self] in
                guard let client, client.blocked != nil else { return }
                blocking.unblock(client)
                onTimeout(client)
                resumeAfterUnblock(client)
            }
        }
        blocking.block(client, state)
    }

    /// After an unblock: send the reply and go on with whatever the client pipelined.
    func resumeAfterUnblock(_ client: Client) {
        client.scheduleFlush()
        if client.queryBufferLength > 0 {
            loop.execute { [weak client] in
                guard let client, !client.closing else { return }
                client.processInput()
                client.scheduleFlush()
            }
        }
    }
}

