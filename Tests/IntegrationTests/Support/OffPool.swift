import Foundation

/// Runs a test's blocking part (tcpdump, servers, command-line tools: many seconds of waiting)
/// on a Dispatch thread. Swift Testing runs tests on Swift's cooperative pool, two threads
/// here: a synchronous test holding one for long starves the async tests beside it — a broker
/// handshake stalled past RabbitMQ's 10 s handshake_timeout that way. Expectations inside
/// `body` still fail the run; they are reported without the test's name.
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await result(body).get()
    }

    /// `body`'s outcome, for a caller that must clean up before it rethrows.
    static func result<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
        await value { Result { try body() } }
    }

    static func value<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}
