/// A sequential specification that the linearizability search checks a history against, in
/// the style of Porcupine's `Model`: an initial state and a step function. The model knows
/// nothing of the search, and the search nothing of registers: a new data type is a new model.
public protocol LinearizabilityModel: Sendable {
    associatedtype State: Hashable & Sendable
    associatedtype Input: Sendable
    associatedtype Output: Sendable

    /// The name suites use (`model: register`).
    static var name: String { get }
    var initialState: State { get }

    /// How a history operation enters the search: as an input with its output (nil when the
    /// outcome is unknown), left out (it cannot constrain anything, e.g. a read that timed
    /// out), or not an operation of this model. Failed operations never reach this.
    func classify(_ operation: HistoryOperation) -> ModelOperation<Input, Output>

    /// The state after applying `input` to `state`, when the operation could have returned
    /// `output` there (any output when nil); nil when it could not.
    func step(_ state: State, _ input: Input, _ output: Output?) -> State?

    /// True when the input never changes the state (a read). The search linearizes such an
    /// operation as soon as it fits, without trying alternatives: if any order exists, one
    /// exists with it placed there, since moving it earlier changes no state another sees.
    func isReadOnly(_ input: Input) -> Bool

    /// The operations of one key without those that cannot change the verdict. The search is
    /// exponential in the operations left open, and an operation in doubt stays open to the
    /// end, so a model that can tell which of them are irrelevant saves the most here.
    func prune(_ operations: [CheckedOperation<Input, Output>]) -> [CheckedOperation<Input, Output>]

    /// "read of k7 returned 12", "write 15 to k7".
    func describe(_ operation: CheckedOperation<Input, Output>) -> String
    /// "12", "absent".
    func describe(state: State) -> String

    /// Why `blocked` could not be placed after the longest linearizable prefix, which left the
    /// model in `state`. The default says nothing more than the search does.
    func explain(
        blocked: CheckedOperation<Input, Output>, state: State, prefix: [CheckedOperation<Input, Output>],
        all: [CheckedOperation<Input, Output>]
    ) -> Explanation
}

extension LinearizabilityModel {
    public func isReadOnly(_ input: Input) -> Bool { false }

    public func prune(_ operations: [CheckedOperation<Input, Output>]) -> [CheckedOperation<Input, Output>] {
        operations
    }

    public func explain(
        blocked: CheckedOperation<Input, Output>, state: State, prefix: [CheckedOperation<Input, Output>],
        all: [CheckedOperation<Input, Output>]
    ) -> Explanation { Explanation() }
}

/// A model's account of a violation: `reason` continues "read of k7 returned 12 at 3.402s,
/// but …"; `lines` add detail; `evidence` are the history indexes they cite.
public struct Explanation: Sendable {
    public var reason: String?
    public var lines: [String]
    public var evidence: [Int]

    public init(reason: String? = nil, lines: [String] = [], evidence: [Int] = []) {
        self.reason = reason
        self.lines = lines
        self.evidence = evidence
    }
}

public enum ModelOperation<Input: Sendable, Output: Sendable>: Sendable {
    case check(Input, Output?)
    case skip
    case unsupported(String)
}

/// An operation as the search sees it: the model's input and output, and where it came from.
public struct CheckedOperation<Input: Sendable, Output: Sendable>: Sendable {
    public var input: Input
    /// nil when the outcome is unknown (info, or never completed).
    public var output: Output?
    public var source: HistoryOperation

    /// Order of the call and of the return in the key's real-time order; an operation whose
    /// outcome is unknown returns after everything else.
    var callPosition: Int { source.invokePosition }
    var returnPosition: Int? { source.isOK ? source.completionPosition : nil }
    /// Real-time precedence: this operation completed before `other` was invoked.
    func precedes(_ other: CheckedOperation) -> Bool {
        guard let returnPosition else { return false }
        return returnPosition < other.callPosition
    }
    /// Identity within one history.
    var id: Int { source.invoke }

    /// "at 3.402s (events 1870→1881)": when it completed, or when it was invoked if it never did.
    public var whenText: String {
        if let time = source.completionTime, source.outcome == .ok {
            return "at \(CheckText.seconds(time)) (\(source.eventText))"
        }
        return "invoked at \(CheckText.seconds(source.invokeTime)), outcome unknown (\(source.eventText))"
    }
}
