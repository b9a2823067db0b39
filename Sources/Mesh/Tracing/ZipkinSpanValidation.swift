/// What the collector checks and normalises on every span it accepts, as Zipkin's span builder
/// does: ids are lower-hex (a trace id of 1-32 digits padded to 16 or 32, a span or parent id
/// of 1-16 digits padded to 16); span and service names are lower-cased.
extension ZipkinSpan {
    /// The span as stored, or why it is refused (`id "xyz" is not lower-hex`).
    func normalized() -> Result<ZipkinSpan, ZipkinSpanProblem> {
        var span = self
        guard let traceId = Self.hexID(traceId, maximumDigits: 32) else {
            return .failure(ZipkinSpanProblem(field: "traceId", reason: "\"\(traceId)\" is not 1 to 32 lower-hex digits"))
        }
        guard let id = Self.hexID(id, maximumDigits: 16) else {
            return .failure(ZipkinSpanProblem(field: "id", reason: "\"\(id)\" is not 1 to 16 lower-hex digits"))
        }
        span.traceId = traceId
        span.id = id
        if let parentId {
            guard let normalized = Self.hexID(parentId, maximumDigits: 16) else {
                return .failure(ZipkinSpanProblem(field: "parentId", reason: "\"\(parentId)\" is not 1 to 16 lower-hex digits"))
            }
            span.parentId = normalized
        }
        if let duration, duration < 0 {
            return .failure(ZipkinSpanProblem(field: "duration", reason: "\(duration) is negative"))
        }
        span.name = name?.lowercased()
        span.localEndpoint?.serviceName = localEndpoint?.serviceName?.lowercased()
        span.remoteEndpoint?.serviceName = remoteEndpoint?.serviceName?.lowercased()
        return .success(span)
    }

    /// Lower-hex digits left-padded with zeros to 16 (or 32 when longer than 16), or nil.
    private static func hexID(_ text: String, maximumDigits: Int) -> String? {
        guard !text.isEmpty, text.count <= maximumDigits,
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        let width = text.count > 16 ? 32 : 16
        return String(repeating: "0", count: width - text.count) + text
    }
}

/// Why one span was refused: the field and the reason.
struct ZipkinSpanProblem: Error, Equatable {
    var field: String
    var reason: String
}
