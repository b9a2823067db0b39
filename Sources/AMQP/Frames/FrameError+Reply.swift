extension FrameError {
    /// The connection.close RabbitMQ 3.10 sends for this error, or nil where it sends none:
    /// an unknown method id or an undecodable field table crashes its reader (the TCP
    /// connection just closes; on channel 0 the crash is answered with 541 INTERNAL_ERROR), a
    /// bad content header fails later in the channel, and a truncated stream has nobody to
    /// answer.
    public var rabbitReply: CloseReason? {
        switch self {
        case .badFrameEnd(let type, _, let octet, let payload):
            .rabbit(.frameError, "type \(type), \(ErlangFormat.payloadSnippet(payload)): {invalid_frame_end_marker,\(octet)}")
        case .frameTooLarge(let type, _, let size, let limit):
            .rabbit(.frameError, "type \(type), all octets = <<>>: {frame_too_large,\(size),\(limit)}")
        case .unknownFrame(let type, _, let payload):
            .rabbit(.frameError, "type \(type), \(ErlangFormat.payloadSnippet(payload)): unknown_frame")
        case .malformedMethod(_, let classID, let methodID, _, .malformedUTF8):
            .rabbit(.frameError, "Malformed UTF-8 in shortstr", classID: classID, methodID: methodID)
        case .malformedMethod(_, let classID, let methodID, let fields, let reason):
            reason.isInsideTable ? nil : .rabbit(.frameError, "cannot decode \(ErlangFormat.binaryW(fields))", classID: classID, methodID: methodID)
        case .unknownMethod, .malformedContentHeader, .truncated:
            nil
        }
    }
}

extension WireError {
    /// Whether the error lies inside a table's or array's own bytes (RabbitMQ's parse_table
    /// crashes there) rather than in the method's layout (a clean "cannot decode").
    var isInsideTable: Bool {
        switch self {
        case .unknownFieldType, .nestedTooDeep: true
        case .truncated(let reading, _, _): reading.contains("field ") || reading.contains("element ")
        case .malformedUTF8, .trailingBytes, .shortStringTooLong: false
        }
    }
}
