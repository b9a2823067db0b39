import NIOConcurrencyHelpers
import NIOCore

/// What a channel's callers and its connection's event loop share: whether it is closed
/// (and why), the confirm tracker, and the tasks waiting for confirms. Publishing takes the
/// lock around both numbering and enqueueing the write, so sequence numbers follow wire order
/// even with several publishing tasks.
final class AMQPChannelState: @unchecked Sendable {
    private struct Waiter {
        var upTo: UInt64
        var continuation: CheckedContinuation<[UInt64], any Error>
    }

    private let lock = NIOLock()
    private var closed: AMQPClientError?
    private var confirms: ConfirmTracker?
    private var waiters: [Waiter] = []
    private var writesSinceWait = 0

    /// After this many publishes without waiting, a publisher waits for its write to reach the
    /// socket: the event loop's queue stays bounded however fast a task publishes.
    static let writesPerWait = 64

    var closedError: AMQPClientError? { lock.withLock { closed } }

    func checkOpen() throws(AMQPClientError) {
        if let error = closedError { throw error }
    }

    /// From confirm.select-ok on, publishes are numbered.
    func enableConfirms() {
        lock.withLock { if confirms == nil { confirms = ConfirmTracker() } }
    }

    /// Numbers a publish (in confirm mode) and enqueues its write via `write`, under the lock.
    /// `write` gets whether the caller will wait for it and returns its future then.
    func publish(
        writable: Bool, _ write: (_ wait: Bool) -> EventLoopFuture<Void>?
    ) throws(AMQPClientError) -> (sequence: UInt64?, wait: EventLoopFuture<Void>?) {
        let outcome: Result<(UInt64?, EventLoopFuture<Void>?), AMQPClientError> = lock.withLock {
            if let closed { return .failure(closed) }
            let sequence = confirms?.nextSequence()
            writesSinceWait += 1
            let wait = !writable || writesSinceWait >= Self.writesPerWait
            if wait { writesSinceWait = 0 }
            return .success((sequence, write(wait)))
        }
        return try outcome.get()
    }

    /// Waits until every publish up to `sequence` is settled; returns those the broker nacked.
    func waitForConfirms(upTo sequence: UInt64) async throws(AMQPClientError) -> [UInt64] {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let ready: Result<[UInt64], AMQPClientError>? = lock.withLock {
                    if let closed { return .failure(closed) }
                    guard var tracker = confirms else {
                        return .failure(.protocolError("waiting for confirms on a channel without confirm.select"))
                    }
                    guard tracker.settledThrough >= sequence else {
                        waiters.append(Waiter(upTo: sequence, continuation: continuation))
                        return nil
                    }
                    let nacked = tracker.takeNacked(upTo: sequence)
                    confirms = tracker
                    return .success(nacked)
                }
                if let ready { continuation.resume(with: ready) }
            }
        } catch let error as AMQPClientError {
            throw error
        } catch {
            throw .protocolError("\(error)")
        }
    }

    /// The highest sequence number with every publish up to it settled (0 before any).
    var settledThrough: UInt64 { lock.withLock { confirms?.settledThrough ?? 0 } }

    /// A basic.ack or basic.nack from the broker (on the event loop).
    func settle(deliveryTag: UInt64, multiple: Bool, ack: Bool) throws(AMQPClientError) {
        let outcome: Result<[(CheckedContinuation<[UInt64], any Error>, [UInt64])], AMQPClientError> = lock.withLock {
            guard var tracker = confirms else {
                return .failure(.protocolError("basic.\(ack ? "ack" : "nack") on a channel without confirm.select"))
            }
            do throws(AMQPClientError) {
                try tracker.settle(deliveryTag: deliveryTag, multiple: multiple, ack: ack)
            } catch {
                return .failure(error)
            }
            var ready: [(CheckedContinuation<[UInt64], any Error>, [UInt64])] = []
            waiters.removeAll { waiter in
                guard waiter.upTo <= tracker.settledThrough else { return false }
                ready.append((waiter.continuation, tracker.takeNacked(upTo: waiter.upTo)))
                return true
            }
            confirms = tracker
            return .success(ready)
        }
        for (continuation, nacked) in try outcome.get() { continuation.resume(returning: nacked) }
    }

    /// The channel is gone: every later call and every waiter gets `error`. The first reason
    /// sticks.
    func close(_ error: AMQPClientError) {
        let waiting: [Waiter] = lock.withLock {
            if closed == nil { closed = error }
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.continuation.resume(throwing: closedError ?? error) }
    }
}
