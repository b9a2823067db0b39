import Foundation
import NIOConcurrencyHelpers

/// The control plane's Istio config: VirtualServices and DestinationRules as the config API
/// accepted them, persisted in one file of the data directory, watched by discovery.
/// Every write is one step under the lock: check, complete metadata, persist, swap, notify.
public final class IstioConfigStore: Sendable {
    private struct State {
        var objects: [ObjectKey: StoredObject] = [:]
        /// The global resourceVersion: grows by one on every committed write.
        var resourceVersion = 0
        var nextCreationIndex = 1
        var watchers: [Int: AsyncStream<IstioConfigSet>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let state: NIOLockedValueBox<State>
    let fileURL: URL

    /// Loads what was persisted in `directory` (created if missing); a corrupt file is a
    /// `ConfigStoreError` naming it and what is wrong.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fileURL = directory.appendingPathComponent(ConfigStoreFile.fileName)
        var initial = State()
        if let file = try ConfigStoreFile.load(from: fileURL) {
            initial.resourceVersion = file.resourceVersion
            initial.nextCreationIndex = file.nextCreationIndex
            for (index, entry) in file.objects.enumerated() {
                guard let spec = entry.object["spec"] else {
                    throw ConfigStoreError(file: fileURL.path, reason: "objects[\(index)]: no spec")
                }
                let stored: StoredObject
                do {
                    stored = StoredObject(
                        kind: entry.kind, creationIndex: entry.creationIndex, object: entry.object,
                        spec: try IstioAdmission.typedSpec(spec, kind: entry.kind))
                } catch {
                    throw ConfigStoreError(file: fileURL.path, reason: "objects[\(index)]: spec is not a \(entry.kind.kind): \(error)")
                }
                initial.objects[ObjectKey(kind: entry.kind, namespace: stored.namespace, name: stored.name)] = stored
            }
        }
        state = NIOLockedValueBox(initial)
    }

    /// Every rule now, each list in creation order (Pilot's order before its own sorting).
    public func snapshot() -> IstioConfigSet {
        state.withLockedValue { Self.configSet($0.objects) }
    }

    /// Yields the current config at once (so nothing between `snapshot()` and this call is
    /// missed), then after every committed change; a slow reader sees only the newest.
    public func changes() -> AsyncStream<IstioConfigSet> {
        let (stream, continuation) = AsyncStream<IstioConfigSet>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLockedValue { state in
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.watchers[id] = continuation
            continuation.yield(Self.configSet(state.objects))
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLockedValue { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    // MARK: Reads for the API

    func get(_ key: ObjectKey) -> JSONValue? {
        state.withLockedValue { $0.objects[key]?.object }
    }

    /// Objects of a kind (in one namespace, or all), ordered by namespace then name, and the
    /// list's resourceVersion.
    func list(_ kind: IstioResourceKind, namespace: String?) -> (items: [JSONValue], resourceVersion: String) {
        state.withLockedValue { state in
            let items = state.objects.values
                .filter { $0.kind == kind && (namespace == nil || $0.namespace == namespace) }
                .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
                .map(\.object)
            return (items, String(state.resourceVersion))
        }
    }

    // MARK: Writes

    /// Runs `decide` on the current object at `key` and commits what it returns: a put gets
    /// the server's metadata (uid, creationTimestamp, generation, resourceVersion), is
    /// persisted, and watchers hear of it. A put carrying a resourceVersion other than the
    /// current one is a Conflict. With `dryRun` nothing is committed. Returns the object as
    /// stored (for a delete, the object that was removed).
    func write(
        _ key: ObjectKey, dryRun: Bool = false,
        _ decide: (StoredObject?) throws(APIError) -> StoreChange
    ) throws(APIError) -> JSONValue {
        // The lock's closure only rethrows untyped errors, so the typed one travels in a Result.
        let outcome = state.withLockedValue { state in
            Result { () throws(APIError) -> JSONValue in try commit(key, dryRun: dryRun, in: &state, decide) }
        }
        return try outcome.get()
    }

    private func commit(
        _ key: ObjectKey, dryRun: Bool, in state: inout State, _ decide: (StoredObject?) throws(APIError) -> StoreChange
    ) throws(APIError) -> JSONValue {
        let current = state.objects[key]
        var next = state
        next.resourceVersion += 1
        let result: JSONValue
        switch try decide(current) {
        case .delete:
            guard let current else { throw .notFound(key.kind, key.name) }
            next.objects[key] = nil
            result = current.object
        case .put(let admitted):
            if let current, let sent = admitted.object["metadata"]?["resourceVersion"]?.stringValue, !sent.isEmpty,
                sent != current.resourceVersion
            {
                throw .conflict(key.kind, key.name)
            }
            var object = admitted.object
            var metadata = object["metadata"]?.objectValue ?? [:]
            metadata["name"] = .string(key.name)
            metadata["namespace"] = .string(key.namespace)
            metadata["resourceVersion"] = .string(String(next.resourceVersion))
            metadata["selfLink"] = nil
            let creationIndex: Int
            if let current {
                let old = current.object["metadata"] ?? .null
                metadata["uid"] = old["uid"] ?? .null
                metadata["creationTimestamp"] = old["creationTimestamp"] ?? .null
                let generation: Int64 = old["generation"].flatMap { if case .integer(let value) = $0 { value } else { nil } } ?? 1
                metadata["generation"] = .integer(current.object["spec"] == object["spec"] ? generation : generation + 1)
                creationIndex = current.creationIndex
            } else {
                metadata["uid"] = .string(UUID().uuidString.lowercased())
                metadata["creationTimestamp"] = .string(Date().formatted(.iso8601))
                metadata["generation"] = .integer(1)
                creationIndex = next.nextCreationIndex
                next.nextCreationIndex += 1
            }
            object["metadata"] = .object(metadata)
            next.objects[key] = StoredObject(kind: key.kind, creationIndex: creationIndex, object: object, spec: admitted.spec)
            result = object
        }
        if dryRun { return result }
        do {
            try Self.file(of: next).save(to: fileURL)
        } catch {
            throw .internalError("\(error)")
        }
        state = next
        let set = Self.configSet(state.objects)
        for watcher in state.watchers.values { watcher.yield(set) }
        return result
    }

    private static func file(of state: State) -> ConfigStoreFile {
        ConfigStoreFile(
            resourceVersion: state.resourceVersion, nextCreationIndex: state.nextCreationIndex,
            objects: state.objects.values.sorted { $0.creationIndex < $1.creationIndex }.map {
                ConfigStoreFile.Entry(kind: $0.kind, creationIndex: $0.creationIndex, object: $0.object)
            })
    }

    private static func configSet(_ objects: [ObjectKey: StoredObject]) -> IstioConfigSet {
        var set = IstioConfigSet()
        for object in objects.values.sorted(by: { $0.creationIndex < $1.creationIndex }) {
            switch object.spec {
            case .virtualService(let spec):
                set.virtualServices.append(
                    IstioConfigEntry(name: object.name, namespace: object.namespace, creationIndex: object.creationIndex, spec: spec))
            case .destinationRule(let spec):
                set.destinationRules.append(
                    IstioConfigEntry(name: object.name, namespace: object.namespace, creationIndex: object.creationIndex, spec: spec))
            }
        }
        return set
    }
}
