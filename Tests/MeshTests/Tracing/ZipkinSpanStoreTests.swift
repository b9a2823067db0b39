import Mesh
import Testing

@Suite struct ZipkinSpanStoreTests {
    static func span(_ trace: String, _ id: String, service: String = "productpage", name: String = "get", at timestamp: Int64? = 1_000_000) -> ZipkinSpan {
        ZipkinSpan(traceId: trace, id: id, name: name, kind: .server, timestamp: timestamp, duration: 10, localEndpoint: .init(serviceName: service))
    }

    @Test func keepsOnlyTheNewestSpans() {
        var store = ZipkinSpanStore(capacity: 3)
        for index in 1...5 { store.add(Self.span(String(format: "%016x", index), "000000000000000\(index)", service: "s\(index)")) }
        #expect(store.count == 3)
        #expect(store.evicted == 2)
        #expect(store.serviceNames() == ["s3", "s4", "s5"])
        #expect(store.trace("0000000000000001") == nil)
        #expect(store.trace("0000000000000005")?.count == 1)
    }

    @Test func servicesAndSpanNames() {
        var store = ZipkinSpanStore()
        store.add(Self.span("a1", "01", service: "reviews", name: "ratings.service.consul:9080/*"))
        store.add(Self.span("a1", "02", service: "productpage", name: "details.service.consul:9080/*"))
        store.add(Self.span("a1", "03", service: "productpage", name: "reviews.service.consul:9080/*"))
        store.add(Self.span("a1", "04", service: "productpage", name: "reviews.service.consul:9080/*"))
        #expect(store.serviceNames() == ["productpage", "reviews"])
        #expect(store.spanNames(service: "productpage") == ["details.service.consul:9080/*", "reviews.service.consul:9080/*"])
        #expect(store.spanNames(service: "nobody").isEmpty)
    }

    @Test func tracesNewestFirstWithinLimitAndWindow() {
        var store = ZipkinSpanStore()
        // Three traces started at 1 s, 2 s and 3 s after the epoch (timestamps in µs).
        for second in 1...3 {
            let trace = String(format: "%016x", second)
            store.add(Self.span(trace, "0000000000000002", service: "details", at: Int64(second) * 1_000_000 + 500))
            store.add(Self.span(trace, "0000000000000001", service: "productpage", at: Int64(second) * 1_000_000))
        }
        let all = store.traces(ZipkinTraceQuery(endTs: 10_000))
        #expect(all.map { $0[0].traceId } == ["0000000000000003", "0000000000000002", "0000000000000001"])
        // Spans of a trace in start order.
        #expect(all[0].map(\.id) == ["0000000000000001", "0000000000000002"])
        #expect(store.traces(ZipkinTraceQuery(endTs: 10_000, limit: 1)).count == 1)
        // endTs 2.5 s, lookback 1 s: only the trace started at 2 s.
        #expect(store.traces(ZipkinTraceQuery(endTs: 2_500, lookback: 1_000)).map { $0[0].traceId } == ["0000000000000002"])
        #expect(store.traces(ZipkinTraceQuery(serviceName: "ratings", endTs: 10_000)).isEmpty)
        #expect(store.traces(ZipkinTraceQuery(serviceName: "details", endTs: 10_000)).count == 3)
    }
}
