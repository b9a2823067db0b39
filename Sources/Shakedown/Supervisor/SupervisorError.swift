/// Why the supervisor could not start or restart a process.
public enum SupervisorError: Error, Sendable, CustomStringConvertible {
    /// The spec cannot be run as given (bad name, NUL bytes, empty prefix word...).
    case invalidSpec(name: String, reason: String)
    /// A process of that name is running under this supervisor.
    case nameInUse(String)
    /// The log file could not be opened.
    case logUnavailable(name: String, path: String, reason: String)
    /// fork, the working directory or exec failed.
    case launchFailed(name: String, command: [String], stage: String, reason: String)
    /// `restart` was given a spec with another name.
    case renamedOnRestart(from: String, to: String)
    /// `restart` was given a process this supervisor does not (or no longer) run under that name.
    case notCurrent(name: String, pid: Int32)
    /// The old process did not die after SIGKILL (stuck in the kernel?).
    case didNotExit(name: String, pid: Int32)

    public var description: String {
        switch self {
        case .invalidSpec(let name, let reason):
            "cannot run process \"\(name)\": \(reason)"
        case .nameInUse(let name):
            "a process named \"\(name)\" is already running under this supervisor"
        case .logUnavailable(let name, let path, let reason):
            "cannot open the log of \(name) at \(path): \(reason)"
        case .launchFailed(let name, let command, let stage, let reason):
            "cannot start \(name) (\(command.joined(separator: " "))): \(stage): \(reason)"
        case .renamedOnRestart(let from, let to):
            "restart keeps the name and log of a process: \"\(from)\" cannot become \"\(to)\""
        case .notCurrent(let name, let pid):
            "\(name) (pid \(pid)) is not the current process of that name under this supervisor"
        case .didNotExit(let name, let pid):
            "\(name) (pid \(pid)) did not exit after SIGKILL"
        }
    }
}
