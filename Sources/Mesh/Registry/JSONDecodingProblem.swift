import Foundation

/// A `DecodingError` worded for a client: where in the document (`[2].traceId`, `Port`) and
/// what was wrong, instead of Swift's debug dump. Used by the registry and the collector.
enum JSONDecodingProblem {
    /// `data` is the document that failed: Foundation's decoder on Linux does not say where
    /// the syntax broke, its JSONSerialization does ("Invalid value around character 7.").
    static func describe(_ error: any Error, in data: Data) -> String {
        if case DecodingError.dataCorrupted(let context) = error, context.codingPath.isEmpty {
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return "invalid JSON: \(detail)" }
            }
        }
        return describe(error)
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "invalid JSON: \(underlying(context))" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        guard let underlying = context.underlyingError else { return context.debugDescription }
        let nsError = underlying as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return String(describing: underlying)
    }

    /// `[0].localEndpoint.port`, `Meta.protocol`; "document" for the top level.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "document" : text
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [String].Type: "an array of strings"
        case is [String: String].Type: "an object of strings"
        default:
            String(describing: type).hasPrefix("Dictionary") ? "an object" : String(describing: type).hasPrefix("Array") ? "an array" : "\(type)"
        }
    }
}

/// Any JSON object key, for decoding keys not known in advance or matched loosely.
struct AnyCodingKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
