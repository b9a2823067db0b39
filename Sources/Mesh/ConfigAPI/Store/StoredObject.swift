/// One object in the store: the JSON as the user sent it (plus server-set metadata) and the
/// typed spec derived from it.
struct StoredObject: Sendable {
    var kind: IstioResourceKind
    var creationIndex: Int
    var object: JSONValue
    var spec: IstioTypedSpec

    var namespace: String { object["metadata"]?["namespace"]?.stringValue ?? "default" }
    var name: String { object["metadata"]?["name"]?.stringValue ?? "" }
    var resourceVersion: String { object["metadata"]?["resourceVersion"]?.stringValue ?? "" }
}

/// Where an object lives: kind, namespace, name.
struct ObjectKey: Hashable, Sendable {
    var kind: IstioResourceKind
    var namespace: String
    var name: String
}

/// What a write does to the object at its key.
enum StoreChange: Sendable {
    /// Store this object (metadata completed by the store); nil `spec` is impossible by type.
    case put(AdmittedObject)
    case delete
}
