import RESP

/// SADD of unique elements, then a final SMEMBERS per key. Checked by `acknowledged-writes`:
/// every acknowledged element is in the final set.
struct SetWorkload: Workload {
    let spec: WorkloadSpec
    private let values = UniqueValues()

    init(spec: WorkloadSpec) {
        self.spec = spec
    }

    func next(using random: inout SeededRandom) -> Operation {
        Operation(f: "add", key: spec.keyName(Int.random(in: 0..<spec.keys, using: &random)), value: .int(values.next()))
    }

    func finalReads() -> [Operation] {
        (0..<spec.keys).map { Operation(f: "final-read", key: spec.keyName($0)) }
    }

    func command(for operation: Operation) -> [String] {
        operation.f == "add" ? ["SADD", operation.key, operation.value.description] : ["SMEMBERS", operation.key]
    }

    func complete(_ operation: Operation, reply: RESPValue) -> Completion {
        if operation.f == "add" {
            return reply.int != nil ? .ok(operation.value) : unexpected(reply, for: operation)
        }
        guard let elements = reply.elements else { return unexpected(reply, for: operation) }
        let members = elements.compactMap { $0.string.flatMap { Int($0) } }
        guard members.count == elements.count else { return .info("non-numeric members in \(operation.key)") }
        return .ok(.ints(members.sorted()))
    }
}
