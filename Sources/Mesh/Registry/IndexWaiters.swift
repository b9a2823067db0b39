/// Blocking-query callers parked until the catalog index passes the one they saw. Pure
/// bookkeeping kept under its owner's lock; the owner resumes the continuations it gets back
/// after unlocking. A waiter is first `pending` (its continuation not yet handed over), so a
/// cancellation that arrives before the continuation does is not lost.
struct IndexWaiters {
    private enum Waiter {
        case pending(cancelled: Bool)
        case waiting(after: Int, CheckedContinuation<Void, Never>)
    }

    private var waiters: [Int: Waiter] = [:]
    private var nextID = 0

    var count: Int { waiters.count }

    /// A new waiter's ticket.
    mutating func open() -> Int {
        nextID += 1
        waiters[nextID] = .pending(cancelled: false)
        return nextID
    }

    /// Parks the continuation unless it must resume at once (index already past, or cancelled
    /// meanwhile): then it is returned for the caller to resume.
    mutating func park(_ id: Int, after: Int, currentIndex: Int, _ continuation: CheckedContinuation<Void, Never>) -> CheckedContinuation<Void, Never>? {
        guard case .pending(let cancelled) = waiters[id], !cancelled, currentIndex <= after else {
            waiters[id] = nil
            return continuation
        }
        waiters[id] = .waiting(after: after, continuation)
        return nil
    }

    /// The waiter given up (task cancelled, wait elapsed): its continuation if parked.
    mutating func cancel(_ id: Int) -> CheckedContinuation<Void, Never>? {
        switch waiters[id] {
        case .pending:
            waiters[id] = .pending(cancelled: true)
            return nil
        case .waiting(_, let continuation):
            waiters[id] = nil
            return continuation
        case nil:
            return nil
        }
    }

    /// The index moved to `index`: the continuations of every waiter it has passed.
    mutating func indexChanged(to index: Int) -> [CheckedContinuation<Void, Never>] {
        var woken: [CheckedContinuation<Void, Never>] = []
        for (id, waiter) in waiters {
            if case .waiting(let after, let continuation) = waiter, index > after {
                woken.append(continuation)
                waiters[id] = nil
            }
        }
        return woken
    }
}
