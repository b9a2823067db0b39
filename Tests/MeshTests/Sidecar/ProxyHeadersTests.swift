import NIOHTTP1
import Testing

@testable import Mesh

@Suite struct ProxyHeadersTests {
    @Test func hopByHopHeadersAndTheOnesConnectionNamesAreRemovedWhateverTheirCase() {
        var headers: HTTPHeaders = [
            "Host": "details", "Connection": "Keep-Alive, X-Session", "KEEP-ALIVE": "timeout=5", "x-session": "abc",
            "Transfer-Encoding": "chunked", "Proxy-Authorization": "Basic x", "TE": "trailers", "Trailer": "x", "Upgrade": "h2c",
            "x-request-id": "1",
        ]
        ProxyHeaders.removeHopByHop(&headers)
        #expect(headers.map(\.name) == ["Host", "x-request-id"])
    }

    @Test func headersWithoutHopByHopOnesAreLeftAsTheyAre() {
        var headers: HTTPHeaders = ["Host": "details", "x-teapot": "1", "Connections": "2"]
        ProxyHeaders.removeHopByHop(&headers)
        #expect(headers.map(\.name) == ["Host", "x-teapot", "Connections"])
    }

    @Test func replacingDropsWhatIsSetAndWhatIsRemovedThenAppends() {
        let headers: HTTPHeaders = ["Host": "a", "Content-Length": "3", "X-B3-ParentSpanId": "1", "user-agent": "curl"]
        let result = ProxyHeaders.replacing(headers, with: [("content-length", "0"), ("server", "envoy")], removing: ["x-b3-parentspanid"])
        #expect(result.map { "\($0.name)=\($0.value)" } == ["Host=a", "user-agent=curl", "content-length=0", "server=envoy"])
    }

    @Test func absoluteFormTargetsSplitIgnoringTheSchemesCase() {
        #expect(ProxyHeaders.splitTarget("HTTP://details:9080/details/0").authority == "details:9080")
        #expect(ProxyHeaders.splitTarget("http://details:9080?x=1").path == "/?x=1")
        #expect(ProxyHeaders.splitTarget("http://details").path == "/")
        #expect(ProxyHeaders.splitTarget("/details/0").authority == nil)
    }

    @Test func asciiCaseInsensitiveEqualityLeavesOtherBytesAlone() {
        #expect("Content-Length".equalsIgnoringASCIICase("content-length"))
        #expect(!"content-lengtH2".equalsIgnoringASCIICase("content-length"))
        #expect(!"[".equalsIgnoringASCIICase("{"))  // 0x5B and 0x7B differ only in bit 0x20 but are not letters
        #expect("".equalsIgnoringASCIICase(""))
    }

    @Test func idsHaveEnvoysShapes() {
        let random = FastRandom(seed: 42)
        for _ in 0..<100 {
            let id = random.traceID()
            #expect(id.count == 16 && id.allSatisfy(\.isHexDigit) && id == id.lowercased() && UInt64(id, radix: 16)! & 1 == 1)
            let uuid = random.uuid()
            #expect(uuid.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
            #expect(Array(uuid)[14] == "4")
            #expect("89ab".contains(Array(uuid)[19]))
        }
    }
}
