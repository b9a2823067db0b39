import Foundation
import Testing

@testable import Shakedown

@Suite struct ReportTimeTests {
    @Test func secondsArePlainDecimalsWithAtMostThreeDecimals() {
        #expect(ReportTime.seconds(0) == "0")
        #expect(ReportTime.seconds(1) == "1")
        #expect(ReportTime.seconds(1.5) == "1.5")
        #expect(ReportTime.seconds(0.0004) == "0")
        #expect(ReportTime.seconds(0.0005) == "0.001")
        #expect(ReportTime.seconds(0.05) == "0.05")
        #expect(ReportTime.seconds(1.9996) == "2")
        #expect(ReportTime.seconds(8926.953) == "8926.953")
        #expect(ReportTime.seconds(0.00001) == "0")
        #expect(ReportTime.seconds(-3) == "0")
        #expect(ReportTime.seconds(.nan) == "0")
        #expect(ReportTime.seconds(.infinity) == "0")
        #expect(ReportTime.seconds(1e300) == "31536000")
        #expect(ReportTime.rounded(1.23456) == 1.235)
    }

    @Test func timestampsAreUTCWithoutZone() {
        #expect(ReportTime.timestamp(ReportFixtures.started) == "2026-11-27T02:30:00")
        #expect(ReportTime.timestamp(ReportFixtures.started.addingTimeInterval(0.999)) == "2026-11-27T02:30:00")
        #expect(ReportTime.compact(ReportFixtures.started) == "20261127-023000")
        #expect(ReportTime.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00")
        #expect(ReportTime.timestamp(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00")
        #expect(ReportTime.timestamp(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59")
        #expect(ReportTime.timestamp(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00")
        #expect(ReportTime.timestamp(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59")
        // Agrees with Foundation's ISO 8601 formatter over a spread of dates.
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000, by: 86_399_937) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ReportTime.timestamp(date) + "Z" == formatter.string(from: date))
        }
    }

    @Test func humanDurations() {
        #expect(ReportTime.human(0.85) == "850ms")
        #expect(ReportTime.human(21.34) == "21.3s")
        #expect(ReportTime.human(59.96) == "1m00s")
        #expect(ReportTime.human(125) == "2m05s")
        #expect(ReportTime.human(3720) == "1h02m")
    }
}
