import NIOConcurrencyHelpers

/// Values no two writes share, across all clients of a workload, so a read names the write
/// it saw.
final class UniqueValues: Sendable {
    private let counter = NIOLockedValueBox(0)

    func next() -> Int {
        counter.withLockedValue { value in
            value += 1
            return value
        }
    }
}
