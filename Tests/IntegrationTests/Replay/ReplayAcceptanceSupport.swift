import Foundation

/// `shakedown replay` as a user runs it, from a synchronous test (the tool calls block anyway).
enum ShakedownReplay {
    static func run(_ capture: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try ExternalTool.run(ShakedownCLI.binary.path, ["replay", capture.path] + arguments)
    }

    /// The numbers of the line `compared N replies, M not compared (…): D divergences`.
    static func compared(in output: String) -> (compared: Int, ignored: Int, divergences: Int)? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("compared ") }) else { return nil }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 3 else { return nil }
        return (numbers[0], numbers[1], numbers[numbers.count - 1])
    }
}
