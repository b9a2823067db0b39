import RESP

/// Reads and unique writes per key: GET and SET. Checked by `linearizable` (per-key register)
/// and `acknowledged-writes`.
struct RegisterWorkload: Workload {
    let spec: WorkloadSpec
    private let values = UniqueValues()

    init(spec: WorkloadSpec) {
        self.spec = spec
    }

    func next(using random: inout SeededRandom) -> Operation {
        let key = spec.keyName(Int.random(in: 0..<spec.keys, using: &random))
        if Double.random(in: 0..<1, using: &random) < spec.readFraction {
            return Operation(f: "read", key: key)
        }
        return Operation(f: "write", key: key, value: .int(values.next()))
    }

    func finalReads() -> [Operation] {
        (0..<spec.keys).map { Operation(f: "final-read", key: spec.keyName($0)) }
    }

    func command(for operation: Operation) -> [String] {
        switch operation.f {
        case "write": ["SET", operation.key, operation.value.description]
        default: ["GET", operation.key]
        }
    }

    func complete(_ operation: Operation, reply: RESPValue) -> Completion {
        switch operation.f {
        case "write":
            return reply.string == "OK" ? .ok(operation.value) : unexpected(reply, for: operation)
        default:
            if reply.isNull { return .ok(.none) }
            if let text = reply.string, let value = Int(text) { return .ok(.int(value)) }
            return unexpected(reply, for: operation)
        }
    }
}
