import NIOCore

/// A span the reporter can send: something that writes itself as one Zipkin v2 JSON object.
public protocol ZipkinJSONWritable: Sendable {
    func writeJSON(into buffer: inout ByteBuffer)
}

extension ZipkinSpan: ZipkinJSONWritable {
    /// Writes `spans` as the JSON array `POST /api/v2/spans` takes. Hand-written because a
    /// sidecar reports a span per request: Foundation's JSONEncoder took a fifth of the
    /// sidecar's CPU under load. Same fields and names as the Codable form; tags sorted.
    public static func writeJSONArray(_ spans: [ZipkinSpan], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("[")
        for (index, span) in spans.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            span.writeJSON(into: &buffer)
        }
        buffer.writeStaticString("]")
    }

    public func writeJSON(into buffer: inout ByteBuffer) {
        var fields = JSONFields()
        buffer.writeStaticString("{")
        fields.string("traceId", traceId, &buffer)
        fields.string("id", id, &buffer)
        fields.string("parentId", parentId, &buffer)
        fields.string("name", name, &buffer)
        fields.string("kind", kind?.rawValue, &buffer)
        fields.integer("timestamp", timestamp, &buffer)
        fields.integer("duration", duration, &buffer)
        fields.boolean("debug", debug, &buffer)
        fields.boolean("shared", shared, &buffer)
        fields.endpoint("localEndpoint", localEndpoint, &buffer)
        fields.endpoint("remoteEndpoint", remoteEndpoint, &buffer)
        if let annotations {
            fields.key("annotations", &buffer)
            buffer.writeStaticString("[")
            for (index, annotation) in annotations.enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                var inner = JSONFields()
                buffer.writeStaticString("{")
                inner.integer("timestamp", annotation.timestamp, &buffer)
                inner.string("value", annotation.value, &buffer)
                buffer.writeStaticString("}")
            }
            buffer.writeStaticString("]")
        }
        if let tags {
            fields.key("tags", &buffer)
            var inner = JSONFields()
            buffer.writeStaticString("{")
            for key in tags.keys.sorted() { inner.string(named: key, tags[key], &buffer) }
            buffer.writeStaticString("}")
        }
        buffer.writeStaticString("}")
    }
}

/// The fields of one JSON object, written straight into the caller's buffer (never a copy of
/// it); nil values are left out, as the Codable form does.
struct JSONFields {
    private var first = true

    /// Keys are literals (but for tags): written without escaping or copying.
    mutating func key(_ name: StaticString, _ buffer: inout ByteBuffer) {
        separate(&buffer)
        buffer.writeStaticString("\"")
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
    }

    mutating func string(_ name: StaticString, _ value: String?, _ buffer: inout ByteBuffer) {
        guard let value else { return }
        key(name, &buffer)
        JSONString.write(value, into: &buffer)
    }

    /// A member whose name is data (a tag's key).
    mutating func string(named name: String, _ value: String?, _ buffer: inout ByteBuffer) {
        guard let value else { return }
        separate(&buffer)
        JSONString.write(name, into: &buffer)
        buffer.writeStaticString(":")
        JSONString.write(value, into: &buffer)
    }

    private mutating func separate(_ buffer: inout ByteBuffer) {
        if !first { buffer.writeStaticString(",") }
        first = false
    }

    mutating func integer(_ name: StaticString, _ value: Int64?, _ buffer: inout ByteBuffer) {
        guard let value else { return }
        key(name, &buffer)
        buffer.writeString(String(value))
    }

    mutating func boolean(_ name: StaticString, _ value: Bool?, _ buffer: inout ByteBuffer) {
        guard let value else { return }
        key(name, &buffer)
        if value { buffer.writeStaticString("true") } else { buffer.writeStaticString("false") }
    }

    mutating func endpoint(_ name: StaticString, _ value: ZipkinSpan.Endpoint?, _ buffer: inout ByteBuffer) {
        guard let value else { return }
        key(name, &buffer)
        var inner = JSONFields()
        buffer.writeStaticString("{")
        inner.string("serviceName", value.serviceName, &buffer)
        inner.string("ipv4", value.ipv4, &buffer)
        if let port = value.port { inner.integer("port", Int64(port), &buffer) }
        buffer.writeStaticString("}")
    }
}

/// JSON string literals with RFC 8259's escapes.
enum JSONString {
    static func write(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("\"")
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer.writeString(text)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0xF)])
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeStaticString("\"")
    }
}
