import NIOConcurrencyHelpers

/// Users, vhosts, permissions, topic permissions, parameters and policies across restarts:
/// the access-control state as a definitions document in `<data-dir>/definitions.json`.
///
/// At start, `loadAccessState()` gives the state saved last (nil on a first boot: start
/// from `AccessState.firstBoot()`, as RabbitMQ creates guest and `/` only then, so a deleted
/// guest stays deleted). After any change to access control (management API, definitions
/// import), call `save(_:)`: it rewrites the file atomically when the state differs from
/// what was saved, so calling it after every request that might have changed something is
/// cheap. Thread-safe; the write blocks for an fsync, so call it off the event loop.
public final class DefinitionsPersistence: Sendable {
    public let file: DefinitionsFile
    private let lastSaved = NIOLockedValueBox<[UInt8]?>(nil)

    public init(directory: String) {
        file = DefinitionsFile(directory: directory)
    }

    public func loadAccessState() throws(DurabilityError) -> AccessState? {
        guard let json = try file.load() else { return nil }
        var state = AccessState()
        do throws(DefinitionsError) {
            try state.importDefinitions(try Definitions.decode(json: json), matcher: PatternMatcher())
        } catch {
            throw .invalidDefinitions(file: file.path, reason: error.description)
        }
        lastSaved.withLockedValue { $0 = Self.document(state) }
        return state
    }

    /// Saves `access`'s state if it changed since the last save or load; true when written.
    @discardableResult
    public func save(_ access: AccessControl) throws(DurabilityError) -> Bool {
        let json = Self.document(access.snapshot)
        let result: Result<Bool, DurabilityError> = lastSaved.withLockedValue { last in
            // Under the lock, so two savers cannot write an older state last.
            guard last != json else { return .success(false) }
            do throws(DurabilityError) {
                try file.save(json)
                last = json
                return .success(true)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func document(_ state: AccessState) -> [UInt8] {
        state.definitions(vhostDetails: true).json(pretty: true)
    }
}
