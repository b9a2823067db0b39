import Capture

/// The text forms `shakedown replay` and suites accept for addresses, port maps and speeds.
public enum ReplayArguments {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// `127.0.0.1:7000`, `localhost:7000`, `[::1]:7000`.
    public static func address(_ text: String) throws(Invalid) -> ReplayAddress {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw Invalid(description: "'\(text)' is not HOST:PORT (an IPv6 address goes in brackets: [::1]:7000)")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw Invalid(description: "'\(text)' is not HOST:PORT (e.g. 127.0.0.1:7000)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw Invalid(description: "'\(text)' has no host") }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw Invalid(description: "'\(text)': '\(portText)' is not a port (1-65535)")
        }
        return ReplayAddress(host: String(host), port: port)
    }

    /// `7001=127.0.0.1:8001`: connections the capture made to port 7001 go to 127.0.0.1:8001.
    public static func portMapping(_ text: String) throws(Invalid) -> (UInt16, ReplayAddress) {
        guard let equals = text.firstIndex(of: "="), let port = UInt16(text[..<equals]), port > 0 else {
            throw Invalid(description: "'\(text)' is not OLDPORT=HOST:PORT (e.g. 7001=127.0.0.1:8001)")
        }
        return (port, try address(String(text[text.index(after: equals)...])))
    }

    /// `1x`, `10x`, `0.5x`, `max`.
    public static func speed(_ text: String) throws(Invalid) -> ReplaySpeed {
        if text.lowercased() == "max" { return .max }
        let number = text.lowercased().hasSuffix("x") ? String(text.dropLast()) : text
        guard let factor = Double(number), factor.isFinite, factor > 0 else {
            throw Invalid(description: "'\(text)' is not a speed: 1x, 10x, 0.5x or max")
        }
        return .factor(factor)
    }

    /// `auto` (nil), `resp`, `amqp`, `http`.
    public static func applicationProtocol(_ text: String) throws(Invalid) -> ApplicationProtocol? {
        if text.lowercased() == "auto" { return nil }
        guard let value = ApplicationProtocol(rawValue: text.lowercased()) else {
            throw Invalid(description: "'\(text)' is not a protocol: auto, resp, amqp or http")
        }
        return value
    }
}
