/// A definitions document that cannot be read or imported: where (a key path such as
/// `users[2].password_hash`) and why.
public struct DefinitionsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(codingPath: [any CodingKey], reason: String) {
        self.init(path: DefinitionsError.render(codingPath), reason: reason)
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }

    /// `users[2].password_hash`, `queues[0].arguments.x-args[1]`.
    static func render(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    /// What JSONDecoder reported, said as a path and a reason.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(codingPath: context.codingPath + [key], reason: "missing")
        case .valueNotFound(_, let context), .typeMismatch(_, let context):
            self.init(codingPath: context.codingPath, reason: context.debugDescription)
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            self.init(codingPath: context.codingPath, reason: context.debugDescription + underlying)
        @unknown default:
            self.init(path: "", reason: "\(error)")
        }
    }
}
