/// RFC 6902 JSON patch (`application/json-patch+json`): a list of add/remove/replace/move/
/// copy/test operations on RFC 6901 pointers. Errors name the operation's index and why.
struct JSONPatch {
    enum Operation: Equatable {
        case add(path: [String], value: JSONValue)
        case remove(path: [String])
        case replace(path: [String], value: JSONValue)
        case move(from: [String], path: [String])
        case copy(from: [String], path: [String])
        case test(path: [String], value: JSONValue)
    }

    struct Failure: Error, Equatable {
        var message: String
    }

    var operations: [Operation]

    /// Reads a patch document; a malformed one is a `Failure` naming the operation.
    init(_ document: JSONValue) throws(Failure) {
        guard case .array(let items) = document else { throw Failure(message: "a JSON patch must be an array of operations") }
        var operations: [Operation] = []
        for (index, item) in items.enumerated() {
            guard let members = item.objectValue else { throw Failure(message: "operation \(index) is not an object") }
            guard let op = members["op"]?.stringValue else { throw Failure(message: "operation \(index) has no \"op\"") }
            func pointer(_ key: String) throws(Failure) -> [String] {
                guard let text = members[key]?.stringValue else { throw Failure(message: "operation \(index) (\(op)) has no \"\(key)\"") }
                guard let tokens = Self.tokens(text) else { throw Failure(message: "operation \(index) (\(op)): \"\(text)\" is not a JSON pointer") }
                return tokens
            }
            func value() throws(Failure) -> JSONValue {
                guard let value = members["value"] else { throw Failure(message: "operation \(index) (\(op)) has no \"value\"") }
                return value
            }
            switch op {
            case "add": operations.append(.add(path: try pointer("path"), value: try value()))
            case "remove": operations.append(.remove(path: try pointer("path")))
            case "replace": operations.append(.replace(path: try pointer("path"), value: try value()))
            case "move": operations.append(.move(from: try pointer("from"), path: try pointer("path")))
            case "copy": operations.append(.copy(from: try pointer("from"), path: try pointer("path")))
            case "test": operations.append(.test(path: try pointer("path"), value: try value()))
            default: throw Failure(message: "operation \(index): unknown op \"\(op)\"")
            }
        }
        self.operations = operations
    }

    /// "/spec/http/0" → ["spec", "http", "0"], with ~1 and ~0 unescaped; nil if not a pointer.
    static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    func apply(to document: JSONValue) throws(Failure) -> JSONValue {
        var document = document
        for (index, operation) in operations.enumerated() {
            do {
                document = try Self.apply(operation, to: document)
            } catch {
                throw Failure(message: "operation \(index): \(error.message)")
            }
        }
        return document
    }

    private static func apply(_ operation: Operation, to document: JSONValue) throws(Failure) -> JSONValue {
        switch operation {
        case .add(let path, let value):
            return try add(value, at: path[...], in: document)
        case .remove(let path):
            return try remove(at: path[...], in: document).document
        case .replace(let path, let value):
            let removed = try remove(at: path[...], in: document).document
            return try add(value, at: path[...], in: removed)
        case .move(let from, let path):
            let (removed, value) = try remove(at: from[...], in: document)
            return try add(value, at: path[...], in: removed)
        case .copy(let from, let path):
            return try add(try get(from[...], in: document), at: path[...], in: document)
        case .test(let path, let value):
            guard try get(path[...], in: document) == value else {
                throw Failure(message: "test failed: /\(path.joined(separator: "/")) is not \(JSONCoding.text(value))")
            }
            return document
        }
    }

    private static func get(_ path: ArraySlice<String>, in document: JSONValue) throws(Failure) -> JSONValue {
        guard let token = path.first else { return document }
        switch document {
        case .object(let members):
            guard let member = members[token] else { throw Failure(message: "missing member \"\(token)\"") }
            return try get(path.dropFirst(), in: member)
        case .array(let items):
            guard let index = Int(token), items.indices.contains(index) else { throw Failure(message: "no index \(token) in an array of \(items.count)") }
            return try get(path.dropFirst(), in: items[index])
        default:
            throw Failure(message: "cannot look up \"\(token)\" in a \(document.typeName)")
        }
    }

    private static func add(_ value: JSONValue, at path: ArraySlice<String>, in document: JSONValue) throws(Failure) -> JSONValue {
        guard let token = path.first else { return value }
        let last = path.count == 1
        switch document {
        case .object(var members):
            if last {
                members[token] = value
            } else {
                guard let member = members[token] else { throw Failure(message: "missing member \"\(token)\"") }
                members[token] = try add(value, at: path.dropFirst(), in: member)
            }
            return .object(members)
        case .array(var items):
            if last {
                if token == "-" {
                    items.append(value)
                } else {
                    guard let index = Int(token), index >= 0, index <= items.count else { throw Failure(message: "no index \(token) in an array of \(items.count)") }
                    items.insert(value, at: index)
                }
            } else {
                guard let index = Int(token), items.indices.contains(index) else { throw Failure(message: "no index \(token) in an array of \(items.count)") }
                items[index] = try add(value, at: path.dropFirst(), in: items[index])
            }
            return .array(items)
        default:
            throw Failure(message: "cannot add \"\(token)\" to a \(document.typeName)")
        }
    }

    private static func remove(at path: ArraySlice<String>, in document: JSONValue) throws(Failure) -> (document: JSONValue, removed: JSONValue) {
        guard let token = path.first else { throw Failure(message: "cannot remove the whole document") }
        let last = path.count == 1
        switch document {
        case .object(var members):
            guard let member = members[token] else { throw Failure(message: "missing member \"\(token)\"") }
            if last {
                members[token] = nil
                return (.object(members), member)
            }
            let (changed, removed) = try remove(at: path.dropFirst(), in: member)
            members[token] = changed
            return (.object(members), removed)
        case .array(var items):
            guard let index = Int(token), items.indices.contains(index) else { throw Failure(message: "no index \(token) in an array of \(items.count)") }
            if last {
                let removed = items.remove(at: index)
                return (.array(items), removed)
            }
            let (changed, removed) = try remove(at: path.dropFirst(), in: items[index])
            items[index] = changed
            return (.array(items), removed)
        default:
            throw Failure(message: "cannot remove \"\(token)\" from a \(document.typeName)")
        }
    }
}
