import Foundation
import NIOCore
import Testing

@testable import Mesh

/// The collector's fast path reads exactly what JSONDecoder reads, or declines (nil) and the
/// batch goes through JSONDecoder as before.
@Suite struct ZipkinSpanJSONReaderTests {
    static func written(_ spans: [ZipkinSpan]) -> Data {
        var buffer = ByteBuffer()
        ZipkinSpan.writeJSONArray(spans, into: &buffer)
        return Data(buffer.readableBytesView)
    }

    /// Every field, nil fields, empty arrays and objects, text beyond ASCII, integer extremes.
    static let spans = [
        ZipkinSpan(
            traceId: "463ac35c9f6413ad48485a3953bb6124", id: "a2fb4a1d1a96d312", parentId: "0020000000000001",
            name: "reviews.service.consul:9080/*", kind: .client, timestamp: 1_700_000_000_000_000, duration: 1234, debug: false,
            shared: true, localEndpoint: .init(serviceName: "productpage", ipv4: "127.1.2.3", port: 9080),
            remoteEndpoint: .init(serviceName: "Reviews", ipv4: "10.0.0.1", port: 0),
            annotations: [.init(timestamp: 1, value: "cs"), .init(timestamp: -42, value: "ünicode ✓ 日本 🎉")],
            tags: ["http.url": "http://reviews:9080/reviews/0?q=x", "ünicode ✓": "日本 🎉", "": "", "e\u{301}": "combining"]),
        ZipkinSpan(traceId: "1", id: "2"),
        ZipkinSpan(
            traceId: "a", id: "b", kind: .server, timestamp: .max, duration: .min, debug: true, localEndpoint: .init(),
            remoteEndpoint: .init(port: -1), annotations: [], tags: [:]),
        ZipkinSpan(traceId: "a", id: "c", kind: .producer, timestamp: 0, duration: -1, localEndpoint: .init(port: .max)),
        ZipkinSpan(traceId: "a", id: "d", kind: .consumer, timestamp: -9_000_000_000_000_000_000, remoteEndpoint: .init(port: .min)),
    ]

    @Test func writtenBatchesReadAsJSONDecoderReadsThem() throws {
        for batch in [Self.spans, [], [Self.spans[1]], Array(repeating: Self.spans[0], count: 3)] {
            let body = Self.written(batch)
            let decoded = try JSONDecoder().decode([ZipkinSpan].self, from: body)
            #expect(decoded == batch)
            #expect(ZipkinSpanJSONReader.spans(from: body) == decoded, "\(String(decoding: body, as: UTF8.self))")
        }
    }

    @Test func prettyPrintedBatchesTakeTheFastPath() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let pretty = try encoder.encode(Self.spans)
        #expect(pretty.contains(UInt8(ascii: "\n")))
        #expect(ZipkinSpanJSONReader.spans(from: pretty) == Self.spans)

        // Every kind of RFC 8259 whitespace, around every token.
        let spaced = Data(" \r\n\t[ \t{ \"traceId\" \n: \r\"a1\" , \"id\":\"b2\",\"tags\" :\t{ \"k\" : \"v\" } ,\"annotations\": [ { \"timestamp\" : -1 , \"value\" : \"x\" } ] , \"localEndpoint\" : { \"port\" : 80 } , \"debug\" : true , \"kind\" : null } ] \r\n".utf8)
        let expected = [ZipkinSpan(traceId: "a1", id: "b2", debug: true, localEndpoint: .init(port: 80), annotations: [.init(timestamp: -1, value: "x")], tags: ["k": "v"])]
        #expect(try JSONDecoder().decode([ZipkinSpan].self, from: spaced) == expected)
        #expect(ZipkinSpanJSONReader.spans(from: spaced) == expected)
    }

    @Test func nullOptionalFieldsAreNil() throws {
        let body = Data(#"[{"traceId":"a","id":"b","parentId":null,"name":null,"kind":null,"timestamp":null,"duration":null,"debug":null,"shared":null,"localEndpoint":{"serviceName":null,"ipv4":null,"port":null},"remoteEndpoint":null,"annotations":null,"tags":null}]"#.utf8)
        let expected = [ZipkinSpan(traceId: "a", id: "b", localEndpoint: .init())]
        #expect(try JSONDecoder().decode([ZipkinSpan].self, from: body) == expected)
        #expect(ZipkinSpanJSONReader.spans(from: body) == expected)
    }

    static let span = #"{"traceId":"00000000000000a1","id":"00000000000000a2""#

    /// What the fast path declines, each with what JSONDecoder makes of it.
    static let declined: [(String, [UInt8])] = [
        ("escape in a value", Array(#"[\#(span),"name":"a\u0041\"\\\/"}]"#.utf8)),
        ("escape in a key", Array(#"[\#(span),"na\u006de":"x"}]"#.utf8)),
        ("escape in a tag", Array(#"[\#(span),"tags":{"a":"\n"}}]"#.utf8)),
        ("unknown span key", Array(#"[\#(span),"foo":1}]"#.utf8)),
        ("unknown endpoint key", Array(#"[\#(span),"localEndpoint":{"ipv6":"::1"}}]"#.utf8)),
        ("unknown annotation key", Array(#"[\#(span),"annotations":[{"timestamp":1,"value":"a","endpoint":{}}]}]"#.utf8)),
        ("fraction", Array(#"[\#(span),"timestamp":1.0}]"#.utf8)),
        ("exponent", Array(#"[\#(span),"duration":1e3}]"#.utf8)),
        ("capital exponent", Array(#"[\#(span),"duration":1E3}]"#.utf8)),
        ("fractional port", Array(#"[\#(span),"localEndpoint":{"port":80.5}}]"#.utf8)),
        ("minus zero", Array(#"[\#(span),"timestamp":-0}]"#.utf8)),
        ("leading zero", Array(#"[\#(span),"timestamp":01}]"#.utf8)),
        ("lone minus", Array(#"[\#(span),"timestamp":-}]"#.utf8)),
        ("plus", Array(#"[\#(span),"timestamp":+1}]"#.utf8)),
        ("overflow", Array(#"[\#(span),"timestamp":9223372036854775808}]"#.utf8)),
        ("underflow", Array(#"[\#(span),"timestamp":-9223372036854775809}]"#.utf8)),
        ("null tag", Array(#"[\#(span),"tags":{"a":null}}]"#.utf8)),
        ("null annotation", Array(#"[\#(span),"annotations":[null]}]"#.utf8)),
        ("null annotation value", Array(#"[\#(span),"annotations":[{"timestamp":1,"value":null}]}]"#.utf8)),
        ("annotation without value", Array(#"[\#(span),"annotations":[{"timestamp":1}]}]"#.utf8)),
        ("null trace id", Array(#"[{"traceId":null,"id":"a1"}]"#.utf8)),
        ("no trace id", Array(#"[{"id":"a1"}]"#.utf8)),
        ("null span", Array(#"[null]"#.utf8)),
        ("invalid UTF-8", Array(#"[\#(span),"name":"a"#.utf8) + [0xFF] + Array(#""}]"#.utf8)),
        ("overlong UTF-8", Array(#"[\#(span),"name":""#.utf8) + [0xC0, 0xAF] + Array(#""}]"#.utf8)),
        ("UTF-8 surrogate", Array(#"[\#(span),"tags":{""#.utf8) + [0xED, 0xA0, 0x80] + Array(#"":"x"}}]"#.utf8)),
        ("truncated UTF-8", Array(#"[\#(span),"name":""#.utf8) + [0xE2, 0x9C] + Array(#""}]"#.utf8)),
        ("raw control character", Array("[\(span),\"name\":\"a\tb\"}]".utf8)),
        ("trailing garbage", Array("[\(span)}]x".utf8)),
        ("second document", Array("[\(span)}][]".utf8)),
        ("trailing comma in the array", Array("[\(span)},]".utf8)),
        ("trailing comma in an object", Array("[\(span),}]".utf8)),
        ("missing comma", Array(#"[\#(span) "name":"x"}]"#.utf8)),
        ("number trace id", Array(#"[{"traceId":1,"id":"a1"}]"#.utf8)),
        ("string timestamp", Array(#"[\#(span),"timestamp":"1"}]"#.utf8)),
        ("number boolean", Array(#"[\#(span),"debug":1}]"#.utf8)),
        ("string boolean", Array(#"[\#(span),"shared":"true"}]"#.utf8)),
        ("misspelt literal", Array(#"[\#(span),"shared":truex}]"#.utf8)),
        ("array tags", Array(#"[\#(span),"tags":[]}]"#.utf8)),
        ("number tag", Array(#"[\#(span),"tags":{"a":1}}]"#.utf8)),
        ("object annotations", Array(#"[\#(span),"annotations":{}}]"#.utf8)),
        ("string endpoint", Array(#"[\#(span),"localEndpoint":"x"}]"#.utf8)),
        ("lower-case kind", Array(#"[\#(span),"kind":"server"}]"#.utf8)),
        ("number kind", Array(#"[\#(span),"kind":1}]"#.utf8)),
        ("repeated key", Array(#"[\#(span),"name":"a","name":"b"}]"#.utf8)),
        ("repeated endpoint key", Array(#"[\#(span),"localEndpoint":{"port":1,"port":2}}]"#.utf8)),
        ("repeated tag", Array(#"[\#(span),"tags":{"a":"1","a":"2"}}]"#.utf8)),
        ("canonically equal tags", Array(#"[\#(span),"tags":{"\#u{E9}":"1","e\#u{301}":"2"}}]"#.utf8)),
        ("object", Array(#"{"traceId":"a1","id":"a1"}"#.utf8)),
        ("null document", Array("null".utf8)),
        ("empty body", []),
        ("whitespace only", Array(" \n".utf8)),
        ("byte order mark", [0xEF, 0xBB, 0xBF] + Array("[]".utf8)),
        ("form feed", Array("[\u{0C}]".utf8)),
        ("no-break space", Array("[\u{A0}]".utf8)),
        ("nested array", Array("[[]]".utf8)),
    ]

    @Test(arguments: declined) func declinesWhatItIsNotSureOf(_ name: String, _ bytes: [UInt8]) {
        let body = Data(bytes)
        #expect(ZipkinSpanJSONReader.spans(from: body) == nil)
        #expect(Self.outcome(ZipkinCollector(), body) == Self.decoderOutcome(body))
    }

    @Test func everyTruncationIsDeclined() {
        let body = Self.written(Self.spans)
        for count in 0..<body.count {
            let truncated = body.prefix(count)
            #expect(ZipkinSpanJSONReader.spans(from: truncated) == nil, "\(count)")
        }
    }

    /// Any single byte replaced or dropped: the fast path either declines or agrees with JSONDecoder.
    @Test func neverDisagreesWithJSONDecoder() throws {
        let body = Self.written(Array(Self.spans.prefix(3)))
        var read = 0
        var variants: [Data] = []
        for index in body.indices {
            var dropped = body
            dropped.remove(at: index)
            variants.append(dropped)
            for byte in Array(#"" \,:{}[]0-1.entfalsrul"#.utf8) + [0x09, 0x80, 0xFF] {
                var replaced = body
                replaced[index] = byte
                variants.append(replaced)
            }
        }
        for variant in variants {
            guard let spans = ZipkinSpanJSONReader.spans(from: variant) else { continue }
            read += 1
            let decoded = try? JSONDecoder().decode([ZipkinSpan].self, from: variant)
            #expect(spans == decoded, "\(String(decoding: variant, as: UTF8.self))")
        }
        // Some variants are still valid batches (another digit, another letter in a name).
        #expect(read > 100)
    }

    @Test func theCollectorStoresWhatJSONDecoderRead() throws {
        let body = Self.written(Self.spans.filter { $0.duration ?? 0 >= 0 })
        let collector = ZipkinCollector()
        #expect(Self.outcome(collector, body) == Self.decoderOutcome(body))
        let stored = try #require(collector.read { $0.trace("463ac35c9f6413ad48485a3953bb6124") })
        #expect(stored.first?.remoteEndpoint?.serviceName == "reviews")
    }

    enum Outcome: Equatable {
        case accepted(Int)
        case refused(String)
    }

    static func outcome(_ collector: ZipkinCollector, _ body: Data) -> Outcome {
        do throws(ZipkinCollectorError) {
            return .accepted(try collector.accept(json: body))
        } catch {
            return .refused(error.message)
        }
    }

    /// What `accept` answered before the fast path: JSONDecoder, then each span normalised.
    static func decoderOutcome(_ body: Data) -> Outcome {
        let spans: [ZipkinSpan]
        do {
            spans = try JSONDecoder().decode([ZipkinSpan].self, from: body)
        } catch {
            return .refused("Expected a JSON_V2 encoded list of spans: \(JSONDecodingProblem.describe(error, in: body))")
        }
        for (index, span) in spans.enumerated() {
            if case .failure(let problem) = span.normalized() { return .refused("[\(index)].\(problem.field): \(problem.reason)") }
        }
        return .accepted(spans.count)
    }
}
