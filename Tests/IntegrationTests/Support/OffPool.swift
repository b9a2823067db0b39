import Foundation

/// Runs a test's blocking part (tcpdump, servers, command-line tools: many seconds of waiting)
/// on a Dispatch thread. Swift Testing runs tests on Swift's cooperative pool, two threads
/// here: a synchronous test holding one for long starves the async tests beside it — a broker
/// handshake stalled past RabbitMQ's 10 s handshake_timeout that way. Expectations inside
/// `body` still fail the run; they are reported without the test's name.
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
