import Foundation

/// Reads a `POST /api/v2/spans` body straight from its bytes into spans, for the batches
/// sidecars send (what `ZipkinSpan.writeJSONArray` writes): JSONDecoder's Codable machinery
/// cost the collector ~28 µs of CPU per span, on a machine it shares with the sidecars.
///
/// A fast path only: it answers nil for anything it cannot be sure to read exactly as
/// JSONDecoder would (escapes, fractions and exponents, unknown or repeated keys, nulls where
/// JSONDecoder refuses them, invalid UTF-8, any syntax error), and the caller then asks
/// JSONDecoder, so that such a batch's result or error message is what it always was.
struct ZipkinSpanJSONReader {
    static func spans(from body: Data) -> [ZipkinSpan]? {
        body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [ZipkinSpan]? in
            var reader = ZipkinSpanJSONReader(bytes: bytes)
            var spans: [ZipkinSpan] = []
            reader.skipWhitespace()
            let read = reader.array { reader in
                guard let span = reader.span() else { return false }
                spans.append(span)
                return true
            }
            reader.skipWhitespace()
            return read && reader.index == bytes.count ? spans : nil
        }
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Zipkin's objects

    private mutating func span() -> ZipkinSpan? {
        var traceId: String?, id: String?
        var span = ZipkinSpan(traceId: "", id: "")
        var seen: UInt16 = 0
        let read = object { reader, key in
            // A repeated key: which one JSONDecoder keeps is not worth being sure of.
            guard let field = SpanKey(reader, key), seen & field.bit == 0 else { return false }
            seen |= field.bit
            switch field {
            // Required, so null is JSONDecoder's valueNotFound error.
            case .traceId: traceId = reader.string(); return traceId != nil
            case .id: id = reader.string(); return id != nil
            case .parentId: return reader.nullable({ $0.string() }, into: &span.parentId)
            case .name: return reader.nullable({ $0.string() }, into: &span.name)
            case .kind: return reader.nullable({ $0.string().flatMap(ZipkinSpan.Kind.init(rawValue:)) }, into: &span.kind)
            case .timestamp: return reader.nullable({ $0.integer() }, into: &span.timestamp)
            case .duration: return reader.nullable({ $0.integer() }, into: &span.duration)
            case .debug: return reader.nullable({ $0.boolean() }, into: &span.debug)
            case .shared: return reader.nullable({ $0.boolean() }, into: &span.shared)
            case .localEndpoint: return reader.nullable({ $0.endpoint() }, into: &span.localEndpoint)
            case .remoteEndpoint: return reader.nullable({ $0.endpoint() }, into: &span.remoteEndpoint)
            case .annotations: return reader.nullable({ $0.annotations() }, into: &span.annotations)
            case .tags: return reader.nullable({ $0.tags() }, into: &span.tags)
            }
        }
        guard read, let traceId, let id else { return nil }
        span.traceId = traceId
        span.id = id
        return span
    }

    private mutating func endpoint() -> ZipkinSpan.Endpoint? {
        var endpoint = ZipkinSpan.Endpoint()
        var seen = (serviceName: false, ipv4: false, port: false)
        let read = object { reader, key in
            if reader.matches(key, "serviceName"), !seen.serviceName {
                seen.serviceName = true
                return reader.nullable({ $0.string() }, into: &endpoint.serviceName)
            } else if reader.matches(key, "ipv4"), !seen.ipv4 {
                seen.ipv4 = true
                return reader.nullable({ $0.string() }, into: &endpoint.ipv4)
            } else if reader.matches(key, "port"), !seen.port {
                seen.port = true
                return reader.nullable({ $0.integer().flatMap(Int.init(exactly:)) }, into: &endpoint.port)
            }
            return false
        }
        return read ? endpoint : nil
    }

    private mutating func annotations() -> [ZipkinSpan.Annotation]? {
        var annotations: [ZipkinSpan.Annotation] = []
        let read = array { reader in
            var timestamp: Int64?, value: String?
            let read = reader.object { reader, key in
                if reader.matches(key, "timestamp"), timestamp == nil {
                    timestamp = reader.integer()
                    return timestamp != nil
                } else if reader.matches(key, "value"), value == nil {
                    value = reader.string()
                    return value != nil
                }
                return false
            }
            guard read, let timestamp, let value else { return false }
            annotations.append(ZipkinSpan.Annotation(timestamp: timestamp, value: value))
            return true
        }
        return read ? annotations : nil
    }

    private mutating func tags() -> [String: String]? {
        // A sidecar's spans carry nine tags: room for them at once, not grown to them.
        var tags = [String: String](minimumCapacity: 9)
        let read = object { reader, key in
            // Keys compare as Swift strings, so canonically equivalent spellings collide too.
            guard let name = reader.text(key), let value = reader.string() else { return false }
            return tags.updateValue(value, forKey: name) == nil
        }
        return read ? tags : nil
    }

    /// A value that may be null, which is nil as `decodeIfPresent` reads it; false if it is
    /// neither null nor what `read` takes.
    private mutating func nullable<T>(_ read: (inout Self) -> T?, into field: inout T?) -> Bool {
        if consumeLiteral("null") {
            field = nil
            return true
        }
        field = read(&self)
        return field != nil
    }

    // MARK: JSON's structure

    /// Reads an object, calling `member` with each key's bytes (between its quotes) while the
    /// reader stands at the key's value; false if the object or a member is not readable.
    private mutating func object(_ member: (inout Self, _ key: StringBytes) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        var first = true
        while let more = next(closing: UInt8(ascii: "}"), first: first) {
            guard more else { return true }
            first = false
            guard let key = stringBytes() else { return false }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            guard member(&self, key) else { return false }
        }
        return false
    }

    /// Reads an array, calling `element` with the reader at each element.
    private mutating func array(_ element: (inout Self) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        var first = true
        while let more = next(closing: UInt8(ascii: "]"), first: first) {
            guard more else { return true }
            first = false
            guard element(&self) else { return false }
        }
        return false
    }

    /// Steps over whitespace and the comma before an object's or array's next member: true
    /// when one follows, false past the closing byte, nil when neither does.
    private mutating func next(closing: UInt8, first: Bool) -> Bool? {
        skipWhitespace()
        if consume(closing) { return false }
        if !first {
            guard consume(UInt8(ascii: ",")) else { return nil }
            skipWhitespace()
        }
        return true
    }

    // MARK: Scalars

    private mutating func string() -> String? {
        guard let bytes = stringBytes() else { return nil }
        return text(bytes)
    }

    /// Where a string's bytes are, between its quotes.
    fileprivate struct StringBytes {
        var start: Int
        var end: Int
        var ascii: Bool
    }

    /// A string without escapes or control characters (both left to JSONDecoder); the reader
    /// moves past its closing quote.
    private mutating func stringBytes() -> StringBytes? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return StringBytes(start: start, end: index - 1, ascii: high < 0x80) }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            high |= byte
        }
        return nil
    }

    /// nil for invalid UTF-8, which JSONDecoder refuses. Not `String(validating:as:)`: it is
    /// generic and unspecialised, and looking up its metadata took a fifth of the reader's time.
    private func text(_ string: StringBytes) -> String? {
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[string.start..<string.end])
        var text = String(decoding: utf8.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        if string.ascii { return text }
        // Decoding replaces invalid UTF-8 with U+FFFD, so the string's bytes then differ.
        return text.withUTF8 { $0.elementsEqual(utf8) } ? text : nil
    }

    /// An optional minus and digits without a leading zero, in Int64's range. `-0` is left to
    /// JSONDecoder; so are fractions and exponents (even `1.0`), as the `.` or `e` after the
    /// digits is not what the caller's next step takes.
    private mutating func integer() -> Int64? {
        let negative = consume(UInt8(ascii: "-"))
        let start = index
        var value: Int64 = 0
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            // Accumulated below zero, so that Int64.min fits.
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowedAgain) = shifted.subtractingReportingOverflow(Int64(digit))
            guard !overflowed, !overflowedAgain else { return nil }
            value = next
            index += 1
        }
        guard index > start, index - start == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if negative { return value == 0 ? nil : value }
        return value == .min ? nil : -value
    }

    private mutating func boolean() -> Bool? {
        if consumeLiteral("true") { return true }
        if consumeLiteral("false") { return false }
        return nil
    }

    // MARK: Bytes

    /// RFC 8259's four whitespace bytes.
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `null`, `true` or `false`; what follows it is checked by the caller's next step.
    private mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        guard matches(StringBytes(start: index, end: index + literal.utf8CodeUnitCount, ascii: true), literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    /// Whether the bytes are `literal`'s: a key's, or those at the reader.
    fileprivate func matches(_ key: StringBytes, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard key.end - key.start == count, key.end <= bytes.count, let base = bytes.baseAddress else { return false }
        return memcmp(base + key.start, literal.utf8Start, count) == 0
    }
}

/// The span's keys, as `ZipkinSpan`'s Codable form names them.
private enum SpanKey: Int {
    case traceId, id, parentId, name, kind, timestamp, duration, debug, shared, localEndpoint, remoteEndpoint, annotations, tags

    init?(_ reader: ZipkinSpanJSONReader, _ key: ZipkinSpanJSONReader.StringBytes) {
        var rawValue = 0
        while let candidate = SpanKey(rawValue: rawValue) {
            if reader.matches(key, candidate.name) {
                self = candidate
                return
            }
            rawValue += 1
        }
        return nil
    }

    var bit: UInt16 { 1 << rawValue }

    private var name: StaticString {
        switch self {
        case .traceId: "traceId"
        case .id: "id"
        case .parentId: "parentId"
        case .name: "name"
        case .kind: "kind"
        case .timestamp: "timestamp"
        case .duration: "duration"
        case .debug: "debug"
        case .shared: "shared"
        case .localEndpoint: "localEndpoint"
        case .remoteEndpoint: "remoteEndpoint"
        case .annotations: "annotations"
        case .tags: "tags"
        }
    }
}
