/// Why a read could not be placed: where the value it saw came from, and what had replaced it.
/// Real time is the strongest argument, so it comes first: a write that completed before the
/// read began, and began after the write of the value seen completed, rules the value out in
/// every order. Otherwise the explanation follows the longest order the search found.
extension RegisterModel {
    public typealias Operation = CheckedOperation<RegisterInput, RegisterValue>

    public func explain(blocked: Operation, state: RegisterValue, prefix: [Operation], all: [Operation]) -> Explanation {
        guard case .read = blocked.input, let seen = blocked.output else { return Explanation() }
        let key = blocked.source.key ?? "?"
        let placed = Set(prefix.map(\.id))
        let lastWrite = prefix.last { if case .write = $0.input { true } else { false } }
        var explanation = Explanation()
        if let lastWrite {
            explanation.lines.append("in the longest order found, \(key) then held \(state), from \(describe(lastWrite)) \(span(lastWrite))")
            explanation.evidence += lastWrite.source.events
        } else {
            explanation.lines.append("\(key) was then still absent: no write could be placed before the read")
        }
        let began = "the read began at \(CheckText.seconds(blocked.source.invokeTime)) (event \(blocked.source.invoke))"

        switch seen {
        case .absent:
            if let write = overwrite(of: nil, before: blocked, in: all) {
                explanation.reason = "\(key) had been written by \(completed(write)), before \(began)"
                explanation.evidence += write.source.events
            } else if let lastWrite {
                explanation.reason = "\(key) had been written by \(completed(lastWrite)) in the longest order found"
            }
        case .value(let value):
            let writers = all.filter { $0.input == .write(value) }
            explanation.evidence += writers.flatMap(\.source.events)
            guard let writer = writers.first else {
                explanation.reason = "no write of \(value) to \(key) that did not fail appears in the history"
                break
            }
            explanation.lines.append("\(value) was written by \(describe(writer)) \(span(writer))")
            if let write = overwrite(of: writer, before: blocked, in: all) {
                explanation.reason = "\(value) had been overwritten by \(completed(write)), before \(began)"
                explanation.evidence += write.source.events
            } else if blocked.precedes(writer) {
                explanation.reason =
                    "\(value) was written only later: \(describe(writer)) was invoked at "
                    + "\(CheckText.seconds(writer.source.invokeTime)) (event \(writer.source.invoke)), after the read completed"
            } else if placed.contains(writer.id), let lastWrite, lastWrite.id != writer.id {
                explanation.reason = "\(value) had been overwritten by \(completed(lastWrite)) in the longest order found"
            } else {
                explanation.reason =
                    "\(describe(writer)) \(span(writer)) could not be ordered before it consistently with the other operations"
            }
        }
        return explanation
    }

    /// The latest write that real time places after `writer` completed (after the start, for
    /// nil) and before `read` began: proof that the read cannot see `writer`'s value.
    func overwrite(of writer: Operation?, before read: Operation, in all: [Operation]) -> Operation? {
        all.filter { operation in
            guard case .write = operation.input, operation.id != writer?.id, operation.precedes(read) else { return false }
            return writer.map { $0.precedes(operation) } ?? true
        }.max { ($0.returnPosition ?? 0) < ($1.returnPosition ?? 0) }
    }

    /// "write 15 to k7 which completed at 3.100s (event 1820)".
    func completed(_ write: Operation) -> String {
        guard let time = write.source.completionTime, write.source.isOK else {
            return "\(describe(write)) (outcome unknown, event \(write.source.invoke))"
        }
        return "\(describe(write)) which completed at \(CheckText.seconds(time)) (event \(write.source.completion ?? write.source.invoke))"
    }

    /// "(invoked 3.000s, completed 3.100s, events 1800→1820)".
    func span(_ operation: Operation) -> String {
        let source = operation.source
        let invoked = "invoked \(CheckText.seconds(source.invokeTime))"
        guard let completion = source.completionTime, source.isOK else {
            return "(\(invoked), outcome unknown, \(source.eventText))"
        }
        return "(\(invoked), completed \(CheckText.seconds(completion)), \(source.eventText))"
    }
}
