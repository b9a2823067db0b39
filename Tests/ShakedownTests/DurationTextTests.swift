import Testing
@testable import Shakedown

@Suite struct DurationTextTests {
    @Test func parsesSuiteDurations() {
        #expect(DurationText.parse("250ms") == .milliseconds(250))
        #expect(DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("2m") == .seconds(120))
        #expect(DurationText.parse("0") == .zero)
        #expect(DurationText.parse("5") == nil)
        #expect(DurationText.parse("-1s") == nil)
        #expect(DurationText.parse("fast") == nil)
    }

    @Test func formatsShortestForm() {
        #expect(DurationText.format(.seconds(5)) == "5s")
        #expect(DurationText.format(.milliseconds(1500)) == "1500ms")
    }
}
