import Foundation

/// Reading request bodies and writing responses: one place for the error wording and the
/// encoder settings (sorted keys, so answers and the persisted file are stable).
enum JSONCoding {
    /// Parses a request body; the error says where the JSON breaks, as the apiserver's
    /// "json parse error" does.
    static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw JSONParseError(reason: underlying ?? context.debugDescription)
        } catch {
            throw JSONParseError(reason: "\(error)")
        }
    }

    static func encode(_ value: some Encodable, pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding JSONValue and the API's own Codable shapes cannot fail (no floats that are
        // NaN reach here: the parser never produces them).
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    /// Compact JSON text of a value, for error messages.
    static func text(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Converts a stored value into a typed model (the shared Config types).
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONDecoder().decode(T.self, from: encode(value))
    }
}

struct JSONParseError: Error, Equatable {
    var reason: String
}
