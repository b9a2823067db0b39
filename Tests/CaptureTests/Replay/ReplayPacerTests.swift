@testable import Capture
import NIOCore
import Testing

struct ReplayPacerTests {
    @Test func factorDividesCapturedGaps() throws {
        let start = NIODeadline.now() + .seconds(3600)  // far ahead, so every deadline is in the future
        var pacer = ReplayPacer(speed: .factor(10), start: start)
        pacer.observe(1_000_000)
        #expect(pacer.deadline(for: 1_000_000) == start)
        #expect(pacer.deadline(for: 3_000_000) == start + .milliseconds(200))
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
