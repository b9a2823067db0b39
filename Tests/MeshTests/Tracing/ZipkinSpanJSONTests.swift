import Foundation
import Mesh
import NIOCore
import Testing

@Suite struct ZipkinSpanJSONTests {
    @Test func theHandWrittenArrayDecodesToTheSameSpans() throws {
        let spans = [
            ZipkinSpan(
                traceId: "463ac35c9f6413ad48485a3953bb6124", id: "a2fb4a1d1a96d312", parentId: "0020000000000001",
                name: "reviews.service.consul:9080/*", kind: .client, timestamp: 1_700_000_000_000_000, duration: 1234,
                shared: nil, localEndpoint: .init(serviceName: "productpage", ipv4: "127.1.2.3", port: 9080),
                annotations: [.init(timestamp: 1, value: "cs")],
                tags: ["http.url": "http://reviews:9080/reviews/0?q=\"x\"\\y", "control": "\u{01}\n\t\r", "ünicode": "✓"]),
            ZipkinSpan(traceId: "1", id: "2", kind: .server, shared: true, remoteEndpoint: .init(serviceName: "x")),
        ]
        var buffer = ByteBuffer()
        ZipkinSpan.writeJSONArray(spans, into: &buffer)
        let decoded = try JSONDecoder().decode([ZipkinSpan].self, from: Data(buffer.readableBytesView))
        #expect(decoded == spans)
        var empty = ByteBuffer()
        ZipkinSpan.writeJSONArray([], into: &empty)
        #expect(String(buffer: empty) == "[]")
    }
}
