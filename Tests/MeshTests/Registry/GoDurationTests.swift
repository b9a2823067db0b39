import Mesh
import Testing

@Suite struct GoDurationTests {
    @Test(arguments: [
        ("10s", Duration.seconds(10)), ("500ms", .milliseconds(500)), ("1m", .seconds(60)), ("1m30s", .seconds(90)),
        ("1.5h", .seconds(5400)), ("0", .zero), ("250us", .microseconds(250)), ("2\u{00B5}s", .microseconds(2)), ("7ns", .nanoseconds(7)),
        ("-1s", .seconds(-1)), ("+2s", .seconds(2)), (".5s", .milliseconds(500)), ("1.s", .seconds(1)),
    ])
    func parsesGoSyntax(text: String, expected: Duration) throws {
        #expect(try GoDuration.parse(text) == expected)
    }

    @Test func refusesWithGosWording() {
        #expect(throws: GoDuration.ParseError(description: "time: missing unit in duration \"5\"")) { try GoDuration.parse("5") }
        #expect(throws: GoDuration.ParseError(description: "time: unknown unit \"x\" in duration \"5x\"")) { try GoDuration.parse("5x") }
        #expect(throws: GoDuration.ParseError(description: "time: invalid duration \"abc\"")) { try GoDuration.parse("abc") }
        #expect(throws: GoDuration.ParseError(description: "time: invalid duration \"\"")) { try GoDuration.parse("") }
        #expect(throws: GoDuration.ParseError(description: "time: invalid duration \"1..2s\"")) { try GoDuration.parse("1..2s") }
    }

    @Test func textReadsBack() throws {
        for duration in [Duration.milliseconds(1500), .seconds(300), .zero] {
            #expect(try GoDuration.parse(GoDuration.text(duration)) == duration)
        }
    }
}
