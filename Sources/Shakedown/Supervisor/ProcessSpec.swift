import Foundation

/// What to run for one process of a system under test. The supervisor runs
/// `commandPrefix + [executable.path] + arguments`; a prefix (such as
/// `["ip", "netns", "exec", "ns1"]`, which the network backend supplies) must exec into the
/// program rather than fork it, so that the pid the supervisor sees is the program's.
public struct ProcessSpec: Sendable, Hashable {
    /// Unique among the running processes of a supervisor; names the log file
    /// `<logDirectory>/<name>.log`, so it may not contain `/`.
    public var name: String
    public var executable: URL
    public var arguments: [String]
    /// Set on top of the runner's own environment.
    public var environment: [String: String]
    /// The runner's working directory when nil.
    public var workingDirectory: URL?
    /// The first word is looked up on the PATH unless it contains `/`.
    public var commandPrefix: [String]

    public init(
        name: String, executable: URL, arguments: [String] = [], environment: [String: String] = [:],
        workingDirectory: URL? = nil, commandPrefix: [String] = []
    ) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.commandPrefix = commandPrefix
    }

    /// The command line as it is exec'd.
    public var commandLine: [String] { commandPrefix + [executable.path] + arguments }

    /// The runner's environment with this spec's overrides.
    var effectiveEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(environment) { _, override in override }
    }
}
