/// How the body of an HTTP/1.1 message is delimited (RFC 9112 §6.3), decided from its head
/// and, for a response, the method of the request it answers.
enum HTTPBodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
    /// A response body that ends when the connection closes.
    case untilClose
    /// 101 Switching Protocols or a CONNECT's 2xx: what follows is no longer HTTP/1.1.
    case switched

    /// Refuses what a strict server refuses: Transfer-Encoding with Content-Length (request
    /// smuggling), a request Transfer-Encoding that does not end in chunked, Content-Length
    /// that is not digits or whose copies differ.
    static func of(_ message: HTTPMessage, requestMethod: String?, maxBodySize: Int) throws(HTTPHeadParser.Failure) -> HTTPBodyFraming {
        var isResponse = false
        if case .response(_, let status, _) = message.head {
            isResponse = true
            if status == 101 { return .switched }
            if requestMethod == "CONNECT", (200..<300).contains(status) { return .switched }
            if requestMethod == "HEAD" || (100..<200).contains(status) || status == 204 || status == 304 { return .none }
        }
        var transferEncodings: [Substring] = []
        var contentLength: Int?
        for field in message.headers {
            switch field.name.lowercased() {
            case "transfer-encoding":
                transferEncodings += field.value.split(separator: ",").map { $0.trimmingSpaces() }
            case "content-length":
                for part in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                    let digits = part.trimmingSpaces()
                    guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(digits) else {
                        throw HTTPHeadParser.Failure(reason: "Content-Length \"\(field.value)\" is not a number")
                    }
                    if let contentLength, contentLength != length {
                        throw HTTPHeadParser.Failure(reason: "Content-Length given twice with different values")
                    }
                    contentLength = length
                }
            default:
                break
            }
        }
        if !transferEncodings.isEmpty {
            guard contentLength == nil else {
                throw HTTPHeadParser.Failure(reason: "both Transfer-Encoding and Content-Length (a request smuggling pattern)")
            }
            if transferEncodings.last?.lowercased() == "chunked" { return .chunked }
            guard isResponse else {
                throw HTTPHeadParser.Failure(reason: "request Transfer-Encoding \"\(transferEncodings.joined(separator: ", "))\" does not end in chunked")
            }
            return .untilClose
        }
        if let contentLength {
            guard contentLength <= maxBodySize else {
                throw HTTPHeadParser.Failure(reason: "Content-Length \(contentLength) is more than the \(maxBodySize) bytes accepted")
            }
            return contentLength == 0 ? .none : .length(contentLength)
        }
        return isResponse ? .untilClose : .none
    }
}
