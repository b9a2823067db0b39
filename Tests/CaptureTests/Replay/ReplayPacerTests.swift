@testable import Capture
import NIOCore
import Testing

struct ReplayPacerTests {
    @Test func factorDividesCapturedGaps() throws {
        let start = NIODeadline.now() + .seconds(1800)  // ahead, so every deadline is in the future
        var pacer = ReplayPacer(speed: .factor(10), start: start)
        pacer.observe(1_000_000)
        #expect(pacer.deadline(for: 1_000_000) == start)
        #expect(pacer.deadline(for: 3_000_000) == start + .milliseconds(200))
    }

    /// A packet stamped years (or Int64's range) after the first waits an hour at most, and
    /// the difference of untrusted timestamps cannot overflow.
    @Test func aWildTimestampWaitsAtMostTheLongestWait() {
        var pacer = ReplayPacer(speed: .factor(1), start: .now())
        pacer.observe(Int64.min + 1)
        let limit = NIODeadline.now() + ReplayPacer.longestWait
        #expect(pacer.deadline(for: Int64.max).map { $0 <= limit + .seconds(1) } ?? true)
        var years = ReplayPacer(speed: .factor(1), start: .now())
        years.observe(0)
        #expect((years.deadline(for: 20 * 365 * 86_400 * 1_000_000) ?? .distantFuture) <= NIODeadline.now() + ReplayPacer.longestWait)
    }

    @Test func maxNeverWaitsAndPastDeadlinesDoNotWait() {
        var fast = ReplayPacer(speed: .max, start: .now() + .seconds(3600))
        fast.observe(0)
        #expect(fast.deadline(for: 10_000_000) == nil)
        var late = ReplayPacer(speed: .factor(1), start: .now() - .seconds(10))
        late.observe(0)
        #expect(late.deadline(for: 1_000_000) == nil)
    }
}
