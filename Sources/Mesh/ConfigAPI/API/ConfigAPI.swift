import Foundation

/// The verbs of the config API over the store, independent of HTTP: each takes what the URL,
/// query and body said and returns the answer's status and JSON, or throws the Status to send.
struct ConfigAPI: Sendable {
    struct Answer: Sendable {
        var code: Int
        var body: JSONValue
        var warnings: [String] = []
    }

    /// Options a write request may carry in its query.
    struct WriteOptions: Sendable {
        var fieldValidation: FieldValidation = .warn
        var dryRun = false
    }

    let store: IstioConfigStore

    func list(_ kind: IstioResourceKind, namespace: String?, selector: ListSelector, asTable: Bool) -> Answer {
        let (items, resourceVersion) = store.list(kind, namespace: namespace)
        let selected = items.filter(selector.matches)
        if asTable { return Answer(code: 200, body: ResourceTable.table(selected, resourceVersion: resourceVersion)) }
        return Answer(code: 200, body: [
            "apiVersion": .string(IstioResourceKind.apiVersion), "kind": .string(kind.listKind),
            "metadata": ["resourceVersion": .string(resourceVersion)], "items": .array(selected),
        ])
    }

    func get(_ key: ObjectKey, asTable: Bool) throws(APIError) -> Answer {
        guard let object = store.get(key) else { throw .notFound(key.kind, key.name) }
        if asTable {
            let resourceVersion = object["metadata"]?["resourceVersion"]?.stringValue ?? ""
            return Answer(code: 200, body: ResourceTable.table([object], resourceVersion: resourceVersion))
        }
        return Answer(code: 200, body: object)
    }

    /// POST to the collection: 201 with the stored object; AlreadyExists if the name is taken.
    func create(_ kind: IstioResourceKind, namespace: String, body: JSONValue, options: WriteOptions) throws(APIError) -> Answer {
        var admitted = try IstioAdmission.admit(body, as: kind, fieldValidation: options.fieldValidation)
        let name = try Self.name(of: &admitted, kind: kind, namespace: namespace)
        // Whatever the client sent as server-set metadata is replaced on create.
        admitted.object["metadata"]?["resourceVersion"] = nil
        let key = ObjectKey(kind: kind, namespace: namespace, name: name)
        let stored = try store.write(key, dryRun: options.dryRun) { (current: StoredObject?) throws(APIError) -> StoreChange in
            if current != nil { throw .alreadyExists(kind, name) }
            return .put(admitted)
        }
        return Answer(code: 201, body: stored, warnings: admitted.warnings)
    }

    /// PUT: replaces an existing object (CRDs do not create on update); a stale
    /// resourceVersion in the body is a Conflict.
    func replace(_ key: ObjectKey, body: JSONValue, options: WriteOptions) throws(APIError) -> Answer {
        var admitted = try IstioAdmission.admit(body, as: key.kind, fieldValidation: options.fieldValidation)
        let name = try Self.name(of: &admitted, kind: key.kind, namespace: key.namespace)
        guard name == key.name else {
            throw .badRequest("the name of the object (\(name)) does not match the name on the URL (\(key.name))")
        }
        let stored = try store.write(key, dryRun: options.dryRun) { (current: StoredObject?) throws(APIError) -> StoreChange in
            if current == nil { throw .notFound(key.kind, key.name) }
            return .put(admitted)
        }
        return Answer(code: 200, body: stored, warnings: admitted.warnings)
    }

    /// PATCH with a merge patch or a JSON patch, applied to the current object under the
    /// store's lock; the result is admitted like a PUT body.
    func patch(_ key: ObjectKey, contentType: String, body: Data, options: WriteOptions) throws(APIError) -> Answer {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        enum Patch {
            case merge(JSONValue)
            case json(JSONPatch)
        }
        let patch: Patch
        switch mediaType {
        case "application/merge-patch+json":
            patch = .merge(try Self.parse(body))
        case "application/json-patch+json":
            do {
                patch = .json(try JSONPatch(try Self.parse(body)))
            } catch let error as JSONPatch.Failure {
                throw .badRequest("invalid JSON patch: \(error.message)")
            } catch let error as APIError {
                throw error
            } catch {
                throw .badRequest("\(error)")
            }
        default:
            // Strategic merge needs a Go type; the apiserver refuses it for custom resources.
            throw .unsupportedPatch(mediaType)
        }
        var warnings: [String] = []
        let stored = try store.write(key, dryRun: options.dryRun) { (current: StoredObject?) throws(APIError) -> StoreChange in
            guard let current else { throw .notFound(key.kind, key.name) }
            var patched: JSONValue
            switch patch {
            case .merge(let document):
                patched = JSONMergePatch.apply(document, to: current.object)
            case .json(let operations):
                do throws(JSONPatch.Failure) {
                    patched = try operations.apply(to: current.object)
                } catch {
                    throw APIError(code: 422, reason: "Invalid", message: "the JSON patch could not be applied: \(error.message)")
                }
            }
            var admitted = try IstioAdmission.admit(patched, as: key.kind, fieldValidation: options.fieldValidation)
            let name = admitted.object["metadata"]?["name"]?.stringValue ?? ""
            let namespace = admitted.object["metadata"]?["namespace"]?.stringValue ?? key.namespace
            guard name == key.name, namespace == key.namespace else {
                throw .invalid(key.kind, key.name, [.invalid(FieldPath("metadata.name"), .string(name), "field is immutable")])
            }
            // Server-set fields come from the current object, not the patch.
            admitted.object["metadata"]?["uid"] = current.object["metadata"]?["uid"]
            warnings = admitted.warnings
            return .put(admitted)
        }
        return Answer(code: 200, body: stored, warnings: warnings)
    }

    /// DELETE: a Success Status naming what was removed.
    func delete(_ key: ObjectKey, dryRun: Bool) throws(APIError) -> Answer {
        let removed = try store.write(key, dryRun: dryRun) { (_: StoredObject?) throws(APIError) -> StoreChange in .delete }
        return Answer(code: 200, body: [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Success",
            "details": [
                "name": .string(key.name), "group": .string(IstioResourceKind.group), "kind": .string(key.kind.plural),
                "uid": removed["metadata"]?["uid"] ?? .null,
            ],
        ])
    }

    // MARK: Helpers

    static func parse(_ body: Data) throws(APIError) -> JSONValue {
        do {
            return try JSONCoding.parse(body)
        } catch {
            throw .badRequest("couldn't get version/kind; json parse error: \(error.reason)")
        }
    }

    /// The object's name (generated from generateName if needed), after checking its namespace
    /// against the URL's and the name's form; sets both in the object.
    private static func name(of admitted: inout AdmittedObject, kind: IstioResourceKind, namespace: String) throws(APIError) -> String {
        let metadata = admitted.object["metadata"] ?? .null
        if let sent = metadata["namespace"]?.stringValue, !sent.isEmpty, sent != namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        var name = metadata["name"]?.stringValue ?? ""
        if name.isEmpty, let prefix = metadata["generateName"]?.stringValue, !prefix.isEmpty {
            name = prefix + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(5))
        }
        guard !name.isEmpty else {
            throw .invalid(kind, "", [.required(FieldPath("metadata.name"), "name or generateName is required")])
        }
        guard isDNSSubdomain(name) else {
            throw .invalid(kind, name, [.invalid(FieldPath("metadata.name"), .string(name),
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")])
        }
        if case .object = metadata {} else { admitted.object["metadata"] = .object([:]) }
        admitted.object["metadata"]?["name"] = .string(name)
        admitted.object["metadata"]?["namespace"] = .string(namespace)
        return name
    }

    static func isDNSSubdomain(_ name: String) -> Bool {
        name.utf8.count <= 253 && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
            DestinationRuleValidation.isDNSLabel(String($0))
        }
    }
}
