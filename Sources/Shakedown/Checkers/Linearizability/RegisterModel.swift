/// What a register holds: nothing (the key is absent, every key's initial state) or a number.
public enum RegisterValue: Hashable, Sendable, CustomStringConvertible {
    case absent
    case value(Int)

    public var description: String {
        switch self {
        case .absent: "absent"
        case .value(let value): String(value)
        }
    }
}

public enum RegisterInput: Hashable, Sendable {
    case read
    case write(Int)
}

/// A read/write register per key (the register workload): `write` sets the value, `read` and
/// `final-read` return it. Keys start absent.
public struct RegisterModel: LinearizabilityModel {
    public static let name = "register"
    public let initialState = RegisterValue.absent

    public init() {}

    public func classify(_ operation: HistoryOperation) -> ModelOperation<RegisterInput, RegisterValue> {
        switch operation.f {
        case "write":
            guard let value = operation.input.int else {
                return .unsupported("write of \(operation.input) (event \(operation.invoke)) is not a number")
            }
            return .check(.write(value), nil)
        case "read", "final-read":
            // A read whose outcome is unknown returned nothing to check.
            guard operation.isOK else { return .skip }
            switch operation.output {
            case .none: return .check(.read, .absent)
            case .int(let value): return .check(.read, .value(value))
            default:
                return .unsupported(
                    "\(operation.f) returned \(operation.output) (event \(operation.completion ?? operation.invoke)), not a register value")
            }
        default:
            return .unsupported("\(operation.f) (event \(operation.invoke)) is not a register operation")
        }
    }

    public func step(_ state: RegisterValue, _ input: RegisterInput, _ output: RegisterValue?) -> RegisterValue? {
        switch input {
        case .write(let value): return .value(value)
        case .read: return output == nil || output == state ? state : nil
        }
    }

    public func isReadOnly(_ input: RegisterInput) -> Bool { input == .read }

    /// Drops writes in doubt whose value no read returned. Such a write can always be placed
    /// last (it has no completion to respect), and wherever else it sits in a linearization it
    /// is overwritten before any read, so the history is linearizable with it exactly when it
    /// is without it.
    public func prune(_ operations: [CheckedOperation<RegisterInput, RegisterValue>])
        -> [CheckedOperation<RegisterInput, RegisterValue>]
    {
        var seen: Set<Int> = []
        for operation in operations {
            if case .read = operation.input, case .value(let value)? = operation.output { seen.insert(value) }
        }
        return operations.filter { operation in
            guard case .write(let value) = operation.input, operation.returnPosition == nil else { return true }
            return seen.contains(value)
        }
    }

    public func describe(_ operation: CheckedOperation<RegisterInput, RegisterValue>) -> String {
        let key = operation.source.key ?? "?"
        switch operation.input {
        case .write(let value): return "write \(value) to \(key)"
        case .read:
            let what = operation.source.f == "final-read" ? "final read" : "read"
            switch operation.output {
            case .value(let value): return "\(what) of \(key) returned \(value)"
            case .absent: return "\(what) of \(key) returned nothing (absent)"
            case nil: return "\(what) of \(key)"
            }
        }
    }

    public func describe(state: RegisterValue) -> String { state.description }
}
