/// Why a read could not be placed: where the value it saw came from, and what had replaced it.
extension RegisterModel {
    public func explain(
        blocked: CheckedOperation<RegisterInput, RegisterValue>, state: RegisterValue,
        prefix: [CheckedOperation<RegisterInput, RegisterValue>], all: [CheckedOperation<RegisterInput, RegisterValue>]
    ) -> Explanation {
        guard case .read = blocked.input, let seen = blocked.output else { return Explanation() }
        let key = blocked.source.key ?? "?"
        let placed = Set(prefix.map(\.id))
        let lastWrite = prefix.last { if case .write = $0.input { true } else { false } }
        var explanation = Explanation()
        if let lastWrite {
            explanation.lines.append("\(key) then held \(state), from \(describe(lastWrite)) \(span(lastWrite))")
            explanation.evidence += lastWrite.source.events
        } else {
            explanation.lines.append("\(key) was then still absent: no write could be placed before the read")
        }
        // The write that replaced the value: named with real times when real time alone
        // forces the order, else as the search's best order.
        func overwritten() -> String {
            guard let lastWrite else { return "" }
            let completed = lastWrite.source.completionTime.map {
                " which completed at \(CheckText.seconds($0)) (event \(lastWrite.source.completion ?? lastWrite.source.invoke))"
            } ?? " (outcome unknown, event \(lastWrite.source.invoke))"
            let before = lastWrite.precedes(blocked)
                ? ", before the read began at \(CheckText.seconds(blocked.source.invokeTime)) (event \(blocked.source.invoke))"
                : " in the longest order found"
            return "\(describe(lastWrite))\(completed)\(before)"
        }
        switch seen {
        case .value(let value):
            let writers = all.filter { $0.input == .write(value) }
            explanation.evidence += writers.flatMap(\.source.events)
            if writers.isEmpty {
                explanation.reason = "no write of \(value) to \(key) that did not fail appears in the history"
            } else if let writer = writers.first(where: { placed.contains($0.id) }), lastWrite != nil,
                lastWrite?.id != writer.id
            {
                explanation.reason = "\(value) had been overwritten by \(overwritten())"
                explanation.lines.append("\(value) was written by \(describe(writer)) \(span(writer))")
            } else if let writer = writers.first, blocked.precedes(writer) {
                explanation.reason =
                    "\(value) was written only later: \(describe(writer)) was invoked at "
                    + "\(CheckText.seconds(writer.source.invokeTime)) (event \(writer.source.invoke)), after the read completed"
            } else if let writer = writers.first {
                explanation.reason =
                    "\(describe(writer)) \(span(writer)) could not be ordered before it consistently with the other operations"
            }
        case .absent:
            if lastWrite != nil {
                explanation.reason = "\(key) had been written by \(overwritten())"
            }
        }
        return explanation
    }

    /// "(invoked 3.000s, completed 3.100s, events 1800→1820)".
    func span(_ operation: CheckedOperation<RegisterInput, RegisterValue>) -> String {
        let source = operation.source
        let invoked = "invoked \(CheckText.seconds(source.invokeTime))"
        guard let completion = source.completionTime, source.isOK else {
            return "(\(invoked), outcome unknown, \(source.eventText))"
        }
        return "(\(invoked), completed \(CheckText.seconds(completion)), \(source.eventText))"
    }
}
