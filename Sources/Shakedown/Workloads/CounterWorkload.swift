import RESP

/// INCR per key; the final reads give each counter's value. Checked by
/// `acknowledged-writes`: no acknowledged increment lost, none counted twice.
struct CounterWorkload: Workload {
    let spec: WorkloadSpec

    init(spec: WorkloadSpec) {
        self.spec = spec
    }

    func next(using random: inout SeededRandom) -> Operation {
        Operation(f: "incr", key: spec.keyName(Int.random(in: 0..<spec.keys, using: &random)))
    }

    func finalReads() -> [Operation] {
        (0..<spec.keys).map { Operation(f: "final-read", key: spec.keyName($0)) }
    }

    func command(for operation: Operation) -> [String] {
        operation.f == "incr" ? ["INCR", operation.key] : ["GET", operation.key]
    }

    func complete(_ operation: Operation, reply: RESPValue) -> Completion {
        if operation.f == "incr" {
            guard let value = reply.int else { return unexpected(reply, for: operation) }
            return .ok(.int(Int(value)))
        }
        if reply.isNull { return .ok(.none) }
        if let text = reply.string, let value = Int(text) { return .ok(.int(value)) }
        return unexpected(reply, for: operation)
    }
}
