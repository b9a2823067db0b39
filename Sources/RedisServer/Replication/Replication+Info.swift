import Foundation

/// INFO's replication section and ROLE, field for field as Redis 7.0 prints them.
extension Replication {
    func infoFields() -> [(String, String)] {
        let now = node.clock()
        var fields: [(String, String)] = [("role", isReplica ? "slave" : "master")]
        if let primary = settings.primary {
            let applied = master?.appliedOffset ?? cachedMaster?.offset ?? 1
            let read = master?.readOffset ?? cachedMaster?.offset ?? 1
            fields += [
                ("master_host", primary.host), ("master_port", String(primary.port)),
                ("master_link_status", linkState == .connected ? "up" : "down"),
                ("master_last_io_seconds_ago", master.map { String((now - $0.lastInteraction) / 1000) } ?? "-1"),
                ("master_sync_in_progress", linkState == .transfer ? "1" : "0"),
                ("slave_read_repl_offset", String(read)), ("slave_repl_offset", String(applied)),
            ]
            if linkState == .transfer, let link {
                let (total, read) = link.transferProgress
                let percent = total > 0 ? Double(read) / Double(total) * 100 : 0
                fields += [
                    ("master_sync_total_bytes", String(total)), ("master_sync_read_bytes", String(read)),
                    ("master_sync_left_bytes", String(total - read)),
                    ("master_sync_perc", String(format: "%.2f", percent)),
                    ("master_sync_last_io_seconds_ago", String((now - link.lastIO) / 1000)),
                ]
            }
            if linkState != .connected {
                fields.append(
                    ("master_link_down_since_seconds", linkDownSince != 0 ? String((now - linkDownSince) / 1000) : "-1"))
            }
            fields += [
                ("slave_priority", String(settings.priority)), ("slave_read_only", settings.readOnly ? "1" : "0"),
                ("replica_announced", settings.announced ? "1" : "0"),
            ]
        }
        fields.append(("connected_slaves", String(replicas.count)))
        var index = 0
        for peer in replicas where !peer.state.name.isEmpty {
            let lag = peer.state == .online ? (now - peer.ackTime) / 1000 : 0
            fields.append(
                ("slave\(index)",
                 "ip=\(peer.ip),port=\(peer.listeningPort),state=\(peer.state.name),offset=\(peer.ackOffset),lag=\(lag)"))
            index += 1
        }
        fields += [
            ("master_failover_state", "no-failover"), ("master_replid", history.id),
            ("master_replid2", history.previousID), ("master_repl_offset", String(history.offset)),
            ("second_repl_offset", String(history.previousIDLimit)),
            ("repl_backlog_active", backlog != nil ? "1" : "0"),
            ("repl_backlog_size", String(settings.effectiveBacklogSize)),
            ("repl_backlog_first_byte_offset", String(backlog?.firstByteOffset ?? 0)),
            ("repl_backlog_histlen", String(backlog?.historyLength ?? 0)),
        ]
        return fields
    }

    /// ROLE's state word for a replica (`slaveIsInHandshakeState` and `repl_state`).
    var linkStateName: String {
        switch linkState {
        case .none: return "none"
        case .connect: return "connect"
        case .connecting: return "connecting"
        case .handshake: return "handshake"
        case .transfer: return "sync"
        case .connected: return "connected"
        }
    }
}
