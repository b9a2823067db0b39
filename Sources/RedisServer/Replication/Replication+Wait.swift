/// WAIT: a client blocks until enough replicas acknowledged the stream up to its last write.
struct WaitingClient {
    let client: Client
    /// Its last write's end in the stream (`c->woff`).
    let offset: Int64
    let replicas: Int
}

extension Replication {
    /// Online replicas that acknowledged at least `offset` (`replicationCountAcksByOffset`).
    func acknowledgedReplicas(atLeast offset: Int64) -> Int {
        replicas.reduce(0) { $0 + ($1.state == .online && $1.ackOffset >= offset ? 1 : 0) }
    }

    func wait(_ call: Call, replicas wanted: Int, timeoutMilliseconds: Int64) {
        let client = call.client
        let offset = client.replicationWriteOffset
        let node = call.node
        waiting.append(WaitingClient(client: client, offset: offset, replicas: wanted))
        node.block(call, keys: [], timeoutMilliseconds: timeoutMilliseconds) { client in
            let replication = client.node.replication
            replication.waiting.removeAll { $0.client === client }
            client.reply.integer(replication.acknowledgedReplicas(atLeast: offset))
        }
        requestAcks()
    }

    /// Asks every replica for an ACK (`REPLCONF GETACK *` down the stream), once per event
    /// however many clients asked.
    func requestAcks() {
        guard !ackRequestScheduled else { return }
        ackRequestScheduled = true
        node.loop.execute { [self] in
            ackRequestScheduled = false
            guard !replicas.isEmpty else { return }
            feed(db: nil, ["REPLCONF", "GETACK", "*"])
            flushStream()
        }
    }

    /// The client leaves WAIT early (CLIENT UNBLOCK): how many replicas acknowledged so far.
    func stopWaiting(_ client: Client) -> Int {
        guard let entry = waiting.first(where: { $0.client === client }) else { return 0 }
        waiting.removeAll { $0.client === client }
        return acknowledgedReplicas(atLeast: entry.offset)
    }

    /// After an ACK: answers the waiting clients that now have enough replicas.
    func processWaitingClients() {
        var still: [WaitingClient] = []
        for entry in waiting {
            let client = entry.client
            guard client.isBlocked, !client.closing else { continue }
            let count = acknowledgedReplicas(atLeast: entry.offset)
            if count >= entry.replicas {
                node.blocking.unblock(client)
                client.reply.integer(count)
                node.resumeAfterUnblock(client)
            } else {
                still.append(entry)
            }
        }
        waiting = still
    }
}
