/// Set keys: every acknowledged `add` must be in the final read; elements nobody added (or
/// whose add failed) must not be. Adds in doubt may go either way.
struct SetKey {
    let key: String
    let operations: [HistoryOperation]

    func judge() -> AcknowledgedWritesChecker.KeyFindings {
        var findings = AcknowledgedWritesChecker.KeyFindings()
        let adds = operations.filter { $0.f == "add" }
        let acknowledged = adds.filter(\.isOK)
        findings.acknowledged = acknowledged.count
        guard
            let read = finalRead(
                of: operations, key: key, acknowledged: acknowledged.count, noun: "acknowledged add", into: &findings)
        else { return findings }
        guard let elements = read.output.ints ?? (read.output == .none ? [] : nil) else {
            findings.unknown = "\(key): final read returned \(read.output), not a set (\(read.eventText))"
            return findings
        }
        let present = Set(elements)
        for add in acknowledged where !(add.input.int.map(present.contains) ?? false) {
            findings.lost += 1
            findings.lostLines.append(
                "\(key): lost add \(add.input) \(add.spanText); final read at "
                    + "\(CheckText.seconds(read.completionTime ?? read.invokeTime)) (\(read.eventText)) lacks it")
            findings.evidence += add.events
        }
        let attempted = Dictionary(adds.compactMap { add in add.input.int.map { ($0, add) } }, uniquingKeysWith: { a, _ in a })
        for element in present.sorted() {
            guard let add = attempted[element] else {
                findings.unexpected.append("\(key): \(element) in the final read (\(read.eventText)) was never added")
                findings.evidence += read.events
                continue
            }
            if add.isFailed {
                findings.unexpected.append(
                    "\(key): \(element) in the final read (\(read.eventText)) but its add failed \(add.spanText)")
                findings.evidence += read.events + add.events
            }
        }
        if findings.lost > 0 { findings.evidence += read.events }
        let doubtful = adds.filter(\.isIndeterminate)
        if !doubtful.isEmpty {
            let kept = doubtful.filter { $0.input.int.map(present.contains) ?? false }.count
            findings.notes.append(
                "\(key): \(CheckText.plural(doubtful.count, "add")) in doubt: \(kept) present, \(doubtful.count - kept) absent (either is allowed)")
        }
        return findings
    }
}

/// Register keys: the final value must come from some write; every acknowledged write invoked
/// after that write completed should have replaced it, so each such write is lost.
struct RegisterKey {
    let key: String
    let operations: [HistoryOperation]

    func judge() -> AcknowledgedWritesChecker.KeyFindings {
        var findings = AcknowledgedWritesChecker.KeyFindings()
        let writes = operations.filter { $0.f == "write" }
        let acknowledged = writes.filter(\.isOK)
        findings.acknowledged = acknowledged.count
        guard
            let read = finalRead(
                of: operations, key: key, acknowledged: acknowledged.count, noun: "acknowledged write", into: &findings)
        else { return findings }
        let finalTime = CheckText.seconds(read.completionTime ?? read.invokeTime)
        // The write the final value came from; none for an absent key (the initial state, "written" at 0).
        var sourceCompleted: Int64? = .min
        var source: HistoryOperation?
        switch read.output {
        case .none:
            break
        case .int(let value):
            guard let writer = writes.first(where: { $0.input == .int(value) && !$0.isFailed }) else {
                let failed = writes.first { $0.input == .int(value) }
                findings.unexpected.append(
                    "\(key): final value \(value) (\(read.eventText)) "
                        + (failed.map { "comes from a write that failed \($0.spanText)" } ?? "was never written"))
                findings.evidence += read.events + (failed?.events ?? [])
                return findings
            }
            source = writer
            // A write in doubt may have taken effect at any time: nothing after it is provably lost.
            sourceCompleted = writer.isOK ? writer.completionTime : nil
        default:
            findings.unknown = "\(key): final read returned \(read.output), not a register value (\(read.eventText))"
            return findings
        }
        guard let sourceCompleted else { return findings }
        for write in acknowledged where write.invokeTime > sourceCompleted && write.invoke != source?.invoke {
            findings.lost += 1
            let because =
                source.map { "the final value \(read.output) comes from write \($0.input) \($0.spanText), which completed before it began" }
                ?? "the final read found \(key) absent"
            findings.lostLines.append("\(key): lost write \(write.input) \(write.spanText): \(because) (final read at \(finalTime))")
            findings.evidence += write.events
        }
        if findings.lost > 0 { findings.evidence += read.events + (source?.events ?? []) }
        return findings
    }
}

/// Counter keys: the final total must reach the number of acknowledged increments, and may
/// not exceed acknowledged plus in-doubt ones (that would count some twice).
struct CounterKey {
    let key: String
    let operations: [HistoryOperation]

    func judge() -> AcknowledgedWritesChecker.KeyFindings {
        var findings = AcknowledgedWritesChecker.KeyFindings()
        let increments = operations.filter { $0.f == "incr" }
        let acknowledged = increments.filter(\.isOK)
        let doubtful = increments.filter(\.isIndeterminate).count
        findings.acknowledged = acknowledged.count
        guard
            let read = finalRead(
                of: operations, key: key, acknowledged: acknowledged.count, noun: "acknowledged increment", into: &findings)
        else { return findings }
        guard let total = read.output.int ?? (read.output == .none ? 0 : nil) else {
            findings.unknown = "\(key): final read returned \(read.output), not a number (\(read.eventText))"
            return findings
        }
        let finalTime = CheckText.seconds(read.completionTime ?? read.invokeTime)
        if total < acknowledged.count {
            findings.lost = acknowledged.count - total
            findings.lostLines.append(
                "\(key): final total \(total) at \(finalTime) (\(read.eventText)) after "
                    + "\(CheckText.plural(acknowledged.count, "acknowledged increment")): \(findings.lost) lost")
            // Increments that returned more than the final total show the counter went back.
            let above = acknowledged.filter { ($0.output.int ?? 0) > total }
            for increment in above.prefix(20) {
                findings.lostLines.append(
                    "\(key): incr \(increment.spanText) returned \(increment.output), above the final \(total)")
            }
            findings.evidence += read.events + above.prefix(20).flatMap(\.events)
        }
        if total > acknowledged.count + doubtful {
            findings.unexpected.append(
                "\(key): final total \(total) (\(read.eventText)) exceeds the \(acknowledged.count) acknowledged and "
                    + "\(doubtful) in-doubt increments: \(total - acknowledged.count - doubtful) counted twice or never made")
            findings.evidence += read.events
        }
        return findings
    }
}
