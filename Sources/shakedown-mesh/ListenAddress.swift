import ArgumentParser

/// A `--listen HOST:PORT` value (port 0 picks a free one; the readiness line prints the real one).
struct ListenAddress: ExpressibleByArgument, Sendable {
    var host: String
    var port: Int

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        let host = String(argument[..<colon])
        guard !host.isEmpty else { return nil }
        // [::1]:8500 names an IPv6 host.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
