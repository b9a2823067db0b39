/// WEBrick's own error page (HTTPResponse#set_error), as details (Ruby 2.3.8, WEBrick 1.3.1)
/// printed it — the page the seed saw when `GET /reviews/0` landed on details:
///
///     <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">
///     <HTML>
///       <HEAD><TITLE>Not Found</TITLE></HEAD>
///     ...
///      WEBrick/1.3.1 (Ruby/2.3.8/2018-10-18) at
///      reviews.service.consul:9080
enum WEBrickErrorPage {
    static let serverSoftware = "WEBrick/1.3.1 (Ruby/2.3.8/2018-10-18)"
    static let contentType = "text/html; charset=ISO-8859-1"

    /// The page for `reason` (the status's reason phrase) and `message`; `address` is the
    /// host:port of the request URI WEBrick rebuilt from the Host header.
    static func render(reason: String, message: String, address: String) -> String {
        """
        <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">
        <HTML>
          <HEAD><TITLE>\(escape(reason))</TITLE></HEAD>
          <BODY>
            <H1>\(escape(reason))</H1>
            \(escape(message))
            <HR>
            <ADDRESS>
             \(escape(serverSoftware)) at
             \(address)
            </ADDRESS>
          </BODY>
        </HTML>

        """
    }

    /// WEBrick::HTMLUtils.escape: `&`, `"`, `>` and `<` only.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case ">": out += "&gt;"
            case "<": out += "&lt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// host:port as WEBrick's request_uri has them: from the Host header (port 80 when it has
    /// none), else the listening socket's address and port.
    static func address(hostHeader: String?, localHost: String?, localPort: Int?) -> String {
        if let hostHeader, !hostHeader.isEmpty {
            if hostHeader.hasPrefix("["), let close = hostHeader.firstIndex(of: "]") {
                let host = hostHeader[...close]
                let rest = hostHeader[hostHeader.index(after: close)...]
                return "\(host):\(rest.hasPrefix(":") ? String(rest.dropFirst()) : "80")"
            }
            let parts = hostHeader.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, let port = Int(parts[1]) { return "\(parts[0]):\(port)" }
            return "\(parts[0]):80"
        }
        return "\(localHost ?? "0.0.0.0"):\(localPort ?? 0)"
    }
}
