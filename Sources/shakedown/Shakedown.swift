import ArgumentParser

@main
struct ShakedownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shakedown",
        abstract: "Chaos and conformance suites against real multi-process systems.",
        subcommands: []
    )
}
