import Foundation

/// The one thread that forks every supervised process.
///
/// A child asks, with PR_SET_PDEATHSIG, to be SIGKILLed when its parent dies; but Linux
/// sends that signal when the *thread* that forked the child exits, not when the process
/// does. A child forked from a Swift concurrency pool thread, or from a thread a test
/// starts, would be killed whenever that thread happened to end. This thread starts once,
/// on the first spawn, and never returns: it ends only with the runner, which is exactly
/// when the children must die. (`SupervisorTests.childSurvivesTheThreadThatAskedForIt`.)
final class ForkThread: @unchecked Sendable {
    static let shared = ForkThread()

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "shakedown-fork"
        thread.start()
    }

    /// Runs `body` on the fork thread; the caller blocks until it is done.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let slot = ResultSlot<T>()
        condition.lock()
        jobs.append { slot.fill(body()) }
        condition.signal()
        condition.unlock()
        return slot.take()
    }

    private func serve() -> Never {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}

/// One value handed from the fork thread to the thread waiting for it.
private final class ResultSlot<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: T?

    func fill(_ result: T) {
        condition.lock()
        value = result
        condition.signal()
        condition.unlock()
    }

    func take() -> T {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
