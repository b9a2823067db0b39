import Foundation

/// `fieldSelector` (metadata.name, metadata.namespace) and `labelSelector` (equality,
/// inequality, existence) of a list request; kubectl's `delete --wait` lists by name.
struct ListSelector: Equatable {
    enum Requirement: Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case absent(String)
    }

    var fields: [Requirement] = []
    var labels: [Requirement] = []

    init(fieldSelector: String?, labelSelector: String?) throws(APIError) {
        fields = try Self.parse(fieldSelector, what: "field")
        for requirement in fields {
            switch requirement {
            case .equals(let key, _), .notEquals(let key, _):
                guard key == "metadata.name" || key == "metadata.namespace" else {
                    throw .badRequest("\"\(key)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
                }
            default:
                throw .badRequest("invalid field selector \"\(fieldSelector ?? "")\": expected key=value")
            }
        }
        labels = try Self.parse(labelSelector, what: "label")
    }

    func matches(_ object: JSONValue) -> Bool {
        let metadata = object["metadata"] ?? .null
        let fieldValues = ["metadata.name": metadata["name"]?.stringValue, "metadata.namespace": metadata["namespace"]?.stringValue]
        let labelValues = (metadata["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        return fields.allSatisfy { Self.satisfied($0, fieldValues.compactMapValues { $0 }) } && labels.allSatisfy { Self.satisfied($0, labelValues) }
    }

    private static func satisfied(_ requirement: Requirement, _ values: [String: String]) -> Bool {
        switch requirement {
        case .equals(let key, let value): values[key] == value
        case .notEquals(let key, let value): values[key] != value
        case .exists(let key): values[key] != nil
        case .absent(let key): values[key] == nil
        }
    }

    private static func parse(_ text: String?, what: String) throws(APIError) -> [Requirement] {
        guard let text, !text.isEmpty else { return [] }
        var requirements: [Requirement] = []
        for term in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let range = term.range(of: "!=") {
                requirements.append(.notEquals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                requirements.append(.equals(String(term[..<range.lowerBound]), String(term[range.upperBound...])))
            } else if term.hasPrefix("!") {
                requirements.append(.absent(String(term.dropFirst())))
            } else if !term.isEmpty, !term.contains(" ") {
                requirements.append(.exists(term))
            } else {
                throw .badRequest("unable to parse requirement \"\(term)\" of \(what) selector \"\(text)\"")
            }
        }
        return requirements
    }
}
