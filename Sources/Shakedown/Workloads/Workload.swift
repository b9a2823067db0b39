import RESP

/// One operation a client performs: what the history records at invocation.
public struct Operation: Sendable {
    public var f: String
    public var key: String
    public var value: OpValue

    public init(f: String, key: String, value: OpValue = .none) {
        self.f = f
        self.key = key
        self.value = value
    }
}

/// What a workload does, as Jepsen's generator and client split it: which operation comes
/// next, which command carries it, and what the reply means for the history.
///
/// Contract: `next` and `finalReads` are pure given the generator (a seed reproduces the
/// workload); `complete` decides only from the reply — an error reply is `fail` (the command
/// did not run), a reply that does not fit the operation is `info` (we cannot tell).
public protocol Workload: Sendable {
    init(spec: WorkloadSpec)
    func next(using random: inout SeededRandom) -> Operation
    /// Reads issued once faults healed, one per key, so checkers see the final state.
    func finalReads() -> [Operation]
    func command(for operation: Operation) -> [String]
    func complete(_ operation: Operation, reply: RESPValue) -> Completion
}

/// How an operation ended.
public struct Completion: Sendable {
    public var type: EventType
    public var value: OpValue
    public var error: String?

    public static func ok(_ value: OpValue = .none) -> Completion { Completion(type: .ok, value: value) }
    public static func fail(_ error: String) -> Completion { Completion(type: .fail, value: .none, error: error) }
    public static func info(_ error: String) -> Completion { Completion(type: .info, value: .none, error: error) }
}

extension WorkloadSpec {
    /// The workload of this kind.
    public func makeWorkload() -> any Workload {
        switch kind {
        case .register: RegisterWorkload(spec: self)
        case .counter: CounterWorkload(spec: self)
        case .set: SetWorkload(spec: self)
        }
    }

    /// Key names: spread over slots (and so over masters) by their differing text.
    func keyName(_ index: Int) -> String { "\(kind.rawValue):\(index)" }
}

extension Workload {
    /// An error reply means the command did not run (MOVED loops, CLUSTERDOWN, TRYAGAIN,
    /// READONLY...); anything else unexpected is `info`.
    func unexpected(_ reply: RESPValue, for operation: Operation) -> Completion {
        if let message = reply.errorMessage { return .fail(message) }
        return .info("unexpected reply to \(operation.f): \(reply)")
    }
}
