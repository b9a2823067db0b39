import NIOConcurrencyHelpers

/// The registry's shared state: a `ConsulCatalog` behind a lock, plus blocking queries that
/// wait for its index to move without holding a thread (parked continuations).
public final class ConsulRegistry: Sendable {
    private struct State {
        var catalog: ConsulCatalog
        var waiters = IndexWaiters()
    }

    private let state: NIOLockedValueBox<State>

    public init(catalog: ConsulCatalog = ConsulCatalog()) {
        state = NIOLockedValueBox(State(catalog: catalog))
    }

    /// A consistent read of the catalog.
    public func read<T>(_ body: (ConsulCatalog) throws -> T) rethrows -> T {
        try state.withLockedValue { try body($0.catalog) }
    }

    public var index: Int { read(\.index) }

    /// Parked blocking queries, for tests and diagnostics.
    public var waitingQueries: Int { state.withLockedValue { $0.waiters.count } }

    @discardableResult
    public func register(_ registration: ConsulServiceRegistration) throws(ConsulCatalog.RegistrationError) -> ConsulCatalog.Instance {
        let result: Result<(ConsulCatalog.Instance, [CheckedContinuation<Void, Never>]), ConsulCatalog.RegistrationError> =
            state.withLockedValue { state in
                do throws(ConsulCatalog.RegistrationError) {
                    let instance = try state.catalog.register(registration)
                    return .success((instance, state.waiters.indexChanged(to: state.catalog.index)))
                } catch {
                    return .failure(error)
                }
            }
        let (instance, woken) = try result.get()
        woken.forEach { $0.resume() }
        return instance
    }

    /// Removes an instance; absent IDs change nothing (Consul answers 200 all the same).
    @discardableResult
    public func deregister(serviceID: String) -> Bool {
        let (removed, woken) = state.withLockedValue { state in
            state.catalog.deregister(serviceID: serviceID) ? (true, state.waiters.indexChanged(to: state.catalog.index)) : (false, [])
        }
        woken.forEach { $0.resume() }
        return removed
    }

    /// Returns once the catalog index is past `index`, or after `timeout`, or when the task is
    /// cancelled, whichever comes first. Consul's blocking query; the caller then reads.
    public func waitForChange(after index: Int, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForChange(after: index) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Waits, cancellably, until the index passes `index`.
    private func waitForChange(after index: Int) async {
        let id = state.withLockedValue { $0.waiters.open() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state in
                    state.waiters.park(id, after: index, currentIndex: state.catalog.index, continuation)
                }
                resumeNow?.resume()
            }
        } onCancel: {
            state.withLockedValue { $0.waiters.cancel(id) }?.resume()
        }
    }
}
