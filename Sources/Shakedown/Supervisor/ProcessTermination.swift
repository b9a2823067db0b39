/// How a supervised process ended.
public enum ProcessTermination: Sendable, Hashable, CustomStringConvertible {
    /// It called exit with this status.
    case exited(Int32)
    /// A signal ended it (the number).
    case signalled(Int32)
    /// Something else in the runner reaped it first (a `waitpid(-1)`), so its status is lost.
    case unknown

    /// As a shell's `$?` has it: the exit status, 128 + the signal, or -1 when unknown.
    public var status: Int32 {
        switch self {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        case .unknown: -1
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by \(SignalName.of(signal))"
        case .unknown: "exited (its status was taken by another waitpid in the runner)"
        }
    }

    /// Decodes a `waitpid` status word (WIFEXITED, WEXITSTATUS, WTERMSIG are C macros).
    init(waitStatus status: Int32) {
        let low = status & 0x7f
        self = low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low)
    }
}
