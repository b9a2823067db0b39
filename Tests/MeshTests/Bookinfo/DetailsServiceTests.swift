import Hummingbird
import Testing

@testable import Mesh

@Suite struct DetailsServiceTests {
    let details = DetailsService()

    @Test func servesTheBookAsDetailsV1() async throws {
        let response = await details.respond(to: BookinfoTest.request("/details/0"))
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        #expect(
            try await BookinfoTest.body(response)
                == #"{"id":0,"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA","language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"}"#
        )
    }

    @Test func idIsRubyInteger() async throws {
        let body = try await BookinfoTest.body(await details.respond(to: BookinfoTest.request("/details/x/0x1A/")))
        #expect(body.hasPrefix(#"{"id":26,"author""#))
    }

    @Test(arguments: ["/details/abc", "/details", "/details/"])
    func nonNumericIDIs400(path: String) async throws {
        let response = await details.respond(to: BookinfoTest.request(path))
        #expect(response.status == .badRequest)
        #expect(try await BookinfoTest.body(response) == #"{"error":"please provide numeric product id"}"#)
    }

    @Test func health() async throws {
        #expect(try await BookinfoTest.body(await details.respond(to: BookinfoTest.request("/health"))) == #"{"status":"Details is healthy"}"#)
    }

    /// The page the seed got from `curl reviews.service.consul:9080/reviews/0` when the
    /// request landed on details (seed notes, line 472).
    @Test func unknownPathIsWEBrickNotFoundNamingTheHost() async throws {
        let response = await details.respond(to: BookinfoTest.request("/reviews/0", authority: "reviews.service.consul:9080"))
        #expect(response.status == .notFound)
        #expect(response.headers[.contentType] == "text/html; charset=ISO-8859-1")
        let expected = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">
            <HTML>
              <HEAD><TITLE>Not Found</TITLE></HEAD>
              <BODY>
                <H1>Not Found</H1>
                `/reviews/0' not found.
                <HR>
                <ADDRESS>
                 WEBrick/1.3.1 (Ruby/2.3.8/2018-10-18) at
                 reviews.service.consul:9080
                </ADDRESS>
              </BODY>
            </HTML>

            """
        #expect(try await BookinfoTest.body(response) == expected)
    }

    @Test func notFoundAddressWithoutPortOrHost() async throws {
        let noPort = try await BookinfoTest.body(await details.respond(to: BookinfoTest.request("/<x>", authority: "details")))
        #expect(noPort.contains("`/&lt;x&gt;' not found."))
        #expect(noPort.contains("\n     details:80\n"))
        let noHost = try await BookinfoTest.body(await details.respond(to: BookinfoTest.request("/")))
        #expect(noHost.contains("\n     127.0.0.9:19080\n"))
    }

    @Test func unsupportedMethodIs405Page() async throws {
        let response = await details.respond(to: BookinfoTest.request("/details/0", method: .put, authority: "details:9080"))
        #expect(response.status == .methodNotAllowed)
        #expect(try await BookinfoTest.body(response).contains("    <H1>Method Not Allowed</H1>\n    unsupported method `PUT'.\n"))
    }
}
