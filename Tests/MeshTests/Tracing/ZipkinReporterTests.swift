import Foundation
import Mesh
import Testing

/// The reporter against the collector served for real on 127.0.0.1:0.
@Suite struct ZipkinReporterTests {
    static func span(_ index: Int) -> ZipkinSpan {
        ZipkinSpan(
            traceId: "00000000000000aa", id: String(format: "%016x", index), name: "details.service.consul:9080/*", kind: .client,
            timestamp: Int64(Date().timeIntervalSince1970 * 1_000_000), duration: 1, localEndpoint: .init(serviceName: "productpage"))
    }

    @Test func roundTripThroughTheCollector() async throws {
        let collector = ZipkinCollector()
        try await withRunningServer({ ZipkinCollectorServer.application(collector: collector, host: "127.0.0.1", port: 0, onListening: $0) }) { port in
            let reporter = ZipkinReporter(collectorURL: "http://127.0.0.1:\(port)", flushInterval: .milliseconds(20))
            for index in 1...50 { reporter.report(Self.span(index)) }
            // Delivered by the background loop, not by shutdown.
            let delivered = await eventually { collector.read { $0.count } == 50 }
            #expect(delivered)
            for index in 51...60 { reporter.report(Self.span(index)) }
            await reporter.shutdown()
            #expect(collector.read(\.count) == 60)
            #expect(reporter.sentSpans == 60)
            #expect(reporter.droppedSpans == 0)
            #expect(collector.read { $0.trace("00000000000000aa")?.count } == 60)
            // After shutdown nothing is queued any more, only counted.
            reporter.report(Self.span(61))
            #expect(reporter.droppedSpans == 1)
        }
    }

    @Test func collectorDownDropsAndCounts() async throws {
        var freePort = 0
        try await withRunningServer({ ZipkinCollectorServer.application(host: "127.0.0.1", port: 0, onListening: $0) }) { freePort = $0 }
        let reporter = ZipkinReporter(collectorURL: "http://127.0.0.1:\(freePort)/api/v2/spans", flushInterval: .milliseconds(20))
        for index in 1...5 { reporter.report(Self.span(index)) }
        #expect(await eventually { reporter.droppedSpans == 5 })
        #expect(reporter.sentSpans == 0)
        #expect(reporter.lastError?.contains("127.0.0.1:\(freePort)/api/v2/spans") == true)
        await reporter.shutdown()
    }

    @Test func refusedBatchesAreDroppedToo() async throws {
        try await withRunningServer({ ZipkinCollectorServer.application(host: "127.0.0.1", port: 0, onListening: $0) }) { port in
            let reporter = ZipkinReporter(collectorURL: "http://127.0.0.1:\(port)", flushInterval: .seconds(60))
            reporter.report(ZipkinSpan(traceId: "not-hex", id: "0000000000000001"))
            await reporter.shutdown()
            #expect(reporter.droppedSpans == 1)
            #expect(reporter.lastError?.contains("HTTP 400") == true)
        }
    }

    @Test func aFullQueueDropsInsteadOfBlocking() async throws {
        // Nobody listens and the loop never runs before shutdown: the queue fills.
        var freePort = 0
        try await withRunningServer({ ZipkinCollectorServer.application(host: "127.0.0.1", port: 0, onListening: $0) }) { freePort = $0 }
        let reporter = ZipkinReporter(collectorURL: "http://127.0.0.1:\(freePort)", flushInterval: .seconds(600))
        for index in 0..<(ZipkinReporter.maximumQueued + 25) { reporter.report(Self.span(index)) }
        #expect(reporter.queuedSpans == ZipkinReporter.maximumQueued)
        #expect(reporter.droppedSpans == 25)
        await reporter.shutdown()
        #expect(reporter.droppedSpans == ZipkinReporter.maximumQueued + 25)
    }
}
