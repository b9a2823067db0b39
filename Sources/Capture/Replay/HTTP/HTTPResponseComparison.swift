import NIOCore

/// Where a replayed HTTP response differs from the captured one: status, each header (by
/// lower-cased name, values of repeated headers joined in order) and the de-chunked body.
/// Framing headers and ignored ones are left out.
enum HTTPResponseComparison {
    struct Difference: Hashable {
        var field: String
        var expected: String
        var actual: String
    }

    static let bodyShown = 300
    static let framingHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    static func differences(expected: HTTPMessage, actual: HTTPMessage, rules: ReplayIgnoreRules) -> [Difference] {
        var out: [Difference] = []
        if !rules.httpStatus, case .response(_, let e, let eReason) = expected.head, case .response(_, let a, let aReason) = actual.head, e != a {
            out.append(Difference(field: "status", expected: "\(e) \(eReason)", actual: "\(a) \(aReason)"))
        }
        let expectedHeaders = grouped(expected.headers, rules: rules)
        let actualHeaders = grouped(actual.headers, rules: rules)
        for name in Set(expectedHeaders.keys).union(actualHeaders.keys).sorted() where expectedHeaders[name] != actualHeaders[name] {
            out.append(Difference(field: "header:\(name)", expected: expectedHeaders[name] ?? "(absent)", actual: actualHeaders[name] ?? "(absent)"))
        }
        if !rules.httpBody, expected.body != actual.body {
            out.append(Difference(field: "body", expected: text(expected.body), actual: text(actual.body)))
        }
        return out
    }

    private static func grouped(_ fields: [HTTPMessage.Field], rules: ReplayIgnoreRules) -> [String: String] {
        var out: [String: String] = [:]
        for field in fields {
            let name = field.name.lowercased()
            if framingHeaders.contains(name) || rules.ignoresHTTPHeader(name) { continue }
            out[name] = out[name].map { $0 + ", " + field.value } ?? field.value
        }
        return out
    }

    /// The body as text, shortened, with its length when shortened.
    static func text(_ body: ByteBuffer) -> String {
        let string = String(decoding: body.readableBytesView.prefix(bodyShown), as: UTF8.self)
        return body.readableBytes > bodyShown ? string + "…(\(body.readableBytes) bytes)" : string
    }
}
