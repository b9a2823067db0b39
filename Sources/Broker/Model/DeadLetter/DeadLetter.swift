import AMQP

/// Why a message left its queue for the dead-letter exchange (the `reason` of `x-death`).
public enum DeathReason: String, Sendable {
    case rejected
    case expired
    case maxlen
}

/// rabbit_dead_letter in 3.10: the message a dead-lettering makes (x-death bookkeeping,
/// x-first-death-* headers, routing keys) and the cycle check that stops automatic loops.
enum DeadLetter {
    /// make_msg: the copy published to the dead-letter exchange `exchange`.
    static func make(_ message: Message, reason: DeathReason, exchange: String, routingKey: String?, queue: String, timeSeconds: Int64) -> Message {
        var properties = message.properties
        let headers = properties.headers ?? FieldTable()
        // The first key is the publish key; the rest come from the CC/BCC headers now present.
        var keys: [FieldValue] = [.string(message.routingKey)]
        for header in ["CC", "BCC"] {
            if case .array(let items)? = headers[header] {
                for case .longString(let bytes) in items { keys.append(.longString(bytes)) }
            }
        }
        var info = FieldTable([
            .init(name: "reason", value: .string(reason.rawValue)),
            .init(name: "queue", value: .string(queue)),
            .init(name: "time", value: .timestamp(UInt64(max(0, timeSeconds)))),
            .init(name: "exchange", value: .string(message.exchange)),
            .init(name: "routing-keys", value: .array(keys)),
        ])
        if let expiration = properties.expiration {
            info.entries.append(.init(name: "original-expiration", value: .string(expiration)))
        }
        var updated = updateXDeath(info: info, headers: headers, queue: queue, reason: reason.rawValue, exchange: message.exchange)
        if routingKey != nil, let index = updated.entries.firstIndex(where: { $0.name == "CC" }) {
            updated.entries.remove(at: index)
        }
        properties.headers = updated
        properties.expiration = nil
        return Message(
            exchange: exchange, routingKeys: routingKey.map { [$0] } ?? message.routingKeys, properties: properties,
            body: message.body, isPersistent: message.isPersistent)
    }

    static func withCount(_ count: Int64, _ info: FieldTable) -> FieldTable {
        FieldTable([.init(name: "count", value: .int64(count))] + info.entries)
    }

    /// update_x_death_header.
    static func updateXDeath(info: FieldTable, headers: FieldTable, queue: String, reason: String, exchange: String) -> FieldTable {
        switch headers.entries.first(where: { $0.name == "x-death" })?.value {
        case nil:
            // The first death also gets the top-level x-first-death-* headers (#1332).
            let first = headers.settingSorted("x-first-death-reason", .string(reason))
                .settingSorted("x-first-death-queue", .string(queue))
                .settingSorted("x-first-death-exchange", .string(exchange))
            return first.settingSorted("x-death", .array([.table(withCount(1, info))]))
        case .array(let items)?:
            let grouped = group(items)
            let key = DeathKey(queue: .string(queue), reason: .string(reason))
            var matches: [FieldTable] = []
            var others: [FieldValue] = []
            for item in grouped {
                if case .table(let table) = item, DeathKey(table) == key { matches.append(table) } else { others.append(item) }
            }
            let updated: FieldTable = matches.first.map(increment) ?? withCount(1, info)
            return headers.settingSorted("x-death", .array([.table(updated.sortedByName())] + others))
        case _?:
            // Something else where x-death should be (a client rewrote it): start over.
            return headers.settingSorted("x-death", .array([.table(withCount(1, info))]))
        }
    }

    struct DeathKey: Hashable {
        var queue: FieldValue?
        var reason: FieldValue?
        init(queue: FieldValue?, reason: FieldValue?) {
            self.queue = queue
            self.reason = reason
        }
        init(_ table: FieldTable) {
            queue = table.entries.first { $0.name == "queue" }?.value
            reason = table.entries.first { $0.name == "reason" }?.value
        }
    }

    /// group_by_queue_and_reason, kept literally (including the order it leaves entries in):
    /// folds x-death entries from before per-{queue, reason} counting into one per pair.
    static func group(_ items: [FieldValue]) -> [FieldValue] {
        let tables = items.compactMap { item -> FieldTable? in
            if case .table(let table) = item { return table }
            return nil
        }
        guard tables.count > 1, tables.count == items.count else { return items }
        var seen = Set<DeathKey>()
        var grouped: [FieldValue] = []
        for table in tables {
            let key = DeathKey(table)
            let matches = tables.filter { DeathKey($0) == key }
            var augmented = matches[0]
            if !augmented.entries.contains(where: { $0.name == "count" }) { augmented = withCount(Int64(matches.count), augmented) }
            if grouped.isEmpty {
                grouped = [.table(augmented)]
            } else if !seen.contains(key) {
                grouped.insert(.table(augmented), at: 0)
            }
            seen.insert(key)
        }
        return grouped
    }

    static func increment(_ table: FieldTable) -> FieldTable {
        guard let index = table.entries.firstIndex(where: { $0.name == "count" }) else { return withCount(1, table) }
        var table = table
        table.entries[index].value = .int64((table.entries[index].value.integerValue ?? 0) + 1)
        return table
    }

    /// is_cycle: the message already died in `queue`, and no death since then (that one
    /// included) was a reject, so it would go round for ever without a client acting.
    static func isCycle(queue: String, deaths: [FieldValue]) -> Bool {
        let name = FieldValue.string(queue)
        guard let index = deaths.firstIndex(where: { item in
            if case .table(let table) = item { return table["queue"] == name }
            return false
        }) else { return false }
        return deaths[...index].allSatisfy { item in
            guard case .table(let table) = item else { return false }
            return table["reason"] != .string(DeathReason.rejected.rawValue)
        }
    }
}
