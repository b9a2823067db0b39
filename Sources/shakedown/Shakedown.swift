import ArgumentParser

@main
struct ShakedownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shakedown",
        abstract: "Chaos and conformance suites against real multi-process systems.",
        discussion: """
            Exit codes of `run`: 0 every check valid, 1 any invalid, 2 some unknown and none \
            invalid, 64 bad command line or suite file, 70 internal error.
            """,
        subcommands: [RunCommand.self, ListCommand.self, UpCommand.self, CaptureCommand.self, ReplayCommand.self]
    )
}
