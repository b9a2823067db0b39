import Foundation
import RESP

/// A configuration that could not be loaded; prints as Redis's fatal config error.
public struct ConfigLoadError: Error, CustomStringConvertible {
    public var lineNumber: Int?
    public var line: String?
    public var message: String

    public var description: String {
        var text = "\n*** FATAL CONFIG FILE ERROR (Redis \(RedisNode.redisVersion)) ***\n"
        if let lineNumber, let line {
            text += "Reading the configuration file, at line \(lineNumber)\n>>> '\(line)'\n"
        }
        return text + message
    }
}

/// Reads `redis.conf` text and `redis-server`-style command lines into a `ServerConfig`.
public enum ConfigLoader {
    /// The parts of a `redis-server [file] [--name value ...]` command line.
    public struct CommandLine: Equatable {
        public var configFile: String?
        public var readStdin = false
        /// The `--name value` options as config text, applied after the file.
        public var options = ""
    }

    /// Splits the command line as Redis's `main` does: the first argument is a file unless
    /// it starts with `-`; every `--name` starts a new config line; `-` reads stdin.
    public static func parseCommandLine(_ argv: [String]) -> CommandLine {
        var result = CommandLine()
        var j = 0
        if let first = argv.first, !first.hasPrefix("-") {
            result.configFile = first
            j = 1
        }
        var options = ""
        var handledLast = true
        while j < argv.count {
            let arg = argv[j]
            if arg == "-" && (j == 0 || j == argv.count - 1) {
                result.readStdin = true
            } else if handledLast && arg.hasPrefix("--") {
                if !options.isEmpty { options += "\n" }
                options += String(arg.dropFirst(2)) + " "
                let words = InlineSplitter.split(arg) ?? []
                if words.count == 1 {
                    handledLast = false
                    let nextIsOption = j != argv.count - 1 && argv[j + 1].hasPrefix("--")
                    if arg.lowercased() == "--save" && (nextIsOption || j == argv.count - 1) {
                        // `--save` with no value means `save ""`.
                        options += "\"\""
                        handledLast = true
                    }
                } else {
                    handledLast = true
                }
            } else {
                options += quoted(arg) + " "
                handledLast = true
            }
            j += 1
        }
        result.options = options
        return result
    }

    /// `sdscatrepr`: a double-quoted, escaped copy.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case 7: out += "\\a"
            case 8: out += "\\b"
            case 32...126: out.unicodeScalars.append(UnicodeScalar(b))
            default: out += String(format: "\\x%02x", b)
            }
        }
        return out + "\""
    }

    /// Loads the file (if any), stdin (if asked) and the options, in that order.
    public static func load(_ commandLine: CommandLine, into config: ServerConfig) throws(ConfigLoadError) {
        var text = ""
        if let file = commandLine.configFile {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigLoadError(
                    message: "Fatal error, can't open config file '\(file)': \(String(cString: strerror(errno)))")
            }
            text = contents
            config.configFile = URL(fileURLWithPath: file).standardizedFileURL.path
        }
        if commandLine.readStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            text += "\n" + String(decoding: data, as: UTF8.self)
        }
        text += "\n" + commandLine.options
        try apply(text, to: config)
    }

    /// Applies config text line by line; errors name the line as Redis does.
    public static func apply(_ text: String, to config: ServerConfig, depth: Int = 0) throws(ConfigLoadError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r"))
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ message: String) -> ConfigLoadError {
                ConfigLoadError(lineNumber: index + 1, line: line, message: message)
            }
            guard let words = InlineSplitter.split(line)?.map({ String(decoding: $0, as: UTF8.self) }) else {
                throw fail("Unbalanced quotes in configuration line")
            }
            guard !words.isEmpty else { continue }
            let name = words[0].lowercased()
            var args = Array(words.dropFirst())
            if let directive = ConfigDirectives.lookup(name) {
                if !directive.multiArgument && args.count != 1 { throw fail("wrong number of arguments") }
                if directive.multiArgument && args.count == 1 && !args[0].isEmpty {
                    args = (InlineSplitter.split(args[0]) ?? []).map { String(decoding: $0, as: UTF8.self) }
                }
                do {
                    try directive.set(config, args)
                } catch {
                    throw fail(error.message)
                }
            } else if name == "include" && args.count == 1 {
                guard depth < 16, let included = try? String(contentsOfFile: args[0], encoding: .utf8) else {
                    throw fail("Fatal error, can't open config file '\(args[0])'")
                }
                try apply(included, to: config, depth: depth + 1)
            } else {
                throw fail("Bad directive or wrong number of arguments")
            }
        }
    }
}

extension InlineSplitter {
    static func split(_ s: String) -> [[UInt8]]? {
        var copy = s
        return copy.withUTF8 { split(UnsafeRawBufferPointer($0)) }
    }
}
