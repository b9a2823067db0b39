import NIOConcurrencyHelpers

/// Every supervisor in the runner, weakly, for the termination handlers to tear down.
enum LiveSupervisors {
    private struct Reference: Sendable {
        weak var supervisor: Supervisor?
    }

    private static let all = NIOLockedValueBox<[ObjectIdentifier: Reference]>([:])

    static func add(_ supervisor: Supervisor) {
        all.withLockedValue { $0[ObjectIdentifier(supervisor)] = Reference(supervisor: supervisor) }
    }

    static func remove(_ supervisor: Supervisor) {
        all.withLockedValue { $0[ObjectIdentifier(supervisor)] = nil }
    }

    static var supervisors: [Supervisor] {
        all.withLockedValue { $0.values.compactMap(\.supervisor) }
    }
}
