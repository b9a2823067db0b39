import CSystemShims
import Foundation

/// What an output file descriptor is, for output that adapts: colours and in-place lines on a
/// terminal, plain lines in CI logs and pipes.
public enum Terminal {
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colours on a terminal unless NO_COLOR is set to anything non-empty (no-color.org) or
    /// TERM says the terminal cannot show them.
    public static func wantsColour(
        _ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        wantsColour(isTerminal: isTerminal(fd), environment: environment)
    }

    static func wantsColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// A line can be rewritten in place (`\r` and erase-to-end-of-line) on a terminal that
    /// understands escape sequences.
    public static func canRewriteLine(
        _ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        isTerminal(fd) && environment["TERM"] != "dumb"
    }

    /// Columns of the terminal, if it says.
    public static func columns(_ fd: Int32) -> Int? {
        let columns = Int(shakedown_terminal_columns(fd))
        return columns > 0 ? columns : nil
    }

    /// SGR colours for verdicts.
    static func colour(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
}
