import Foundation

/// The persisted form of the store: one JSON file in `--data-dir`, replaced whole by
/// write-to-temporary-then-rename so a crash leaves the old or the new file, never half of one.
struct ConfigStoreFile: Codable {
    struct Entry: Codable {
        var kind: IstioResourceKind
        var creationIndex: Int
        var object: JSONValue
    }

    var resourceVersion: Int
    var nextCreationIndex: Int
    var objects: [Entry]

    static let fileName = "istio-config.json"

    /// Nil when there is no file yet.
    static func load(from url: URL) throws(ConfigStoreError) -> ConfigStoreFile? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigStoreError(file: url.path, reason: "cannot be read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(ConfigStoreFile.self, from: data)
        } catch let error as DecodingError {
            throw ConfigStoreError(file: url.path, reason: Self.describe(error))
        } catch {
            throw ConfigStoreError(file: url.path, reason: "\(error)")
        }
    }

    func save(to url: URL) throws(ConfigStoreError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try JSONCoding.encode(self, pretty: true).write(to: temporary)
        } catch {
            throw ConfigStoreError(file: temporary.path, reason: "cannot be written: \(error.localizedDescription)")
        }
        // rename(2) replaces the old file atomically.
        guard rename(temporary.path, url.path) == 0 else {
            throw ConfigStoreError(file: url.path, reason: "cannot be replaced: \(String(cString: strerror(errno)))")
        }
    }

    /// "objects[2].kind: ..." rather than Foundation's long description.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let location = path(context)
            return (location.isEmpty ? "" : "\(location): ") + "not valid JSON (\(underlying ?? context.debugDescription))"
        case .keyNotFound(let key, let context):
            let location = path(context)
            return "\(location.isEmpty ? "" : location + ": ")missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The store's file could not be read or written; names the file and what is wrong.
public struct ConfigStoreError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var reason: String

    public var description: String { "config store file \(file): \(reason)" }
}
