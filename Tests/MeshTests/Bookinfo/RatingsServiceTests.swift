import Hummingbird
import Testing

@testable import Mesh

@Suite struct RatingsServiceTests {
    @Test func servesTheBuiltInRatings() async throws {
        let ratings = RatingsService()
        let response = await ratings.respond(to: BookinfoTest.request("/ratings/0"))
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        #expect(try await BookinfoTest.body(response) == #"{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}"#)
        #expect(try await BookinfoTest.body(await ratings.respond(to: BookinfoTest.request("/ratings/7abc"))) == #"{"id":7,"ratings":{"Reviewer1":5,"Reviewer2":4}}"#)
        #expect(try await BookinfoTest.body(await ratings.respond(to: BookinfoTest.request("/health"))) == #"{"status":"Ratings is healthy"}"#)
    }

    @Test func postStoresPerProduct() async throws {
        let ratings = RatingsService()
        let posted = await ratings.respond(to: BookinfoTest.request("/ratings/3", method: .post, body: #"{ "Reviewer2": 1.0, "Reviewer1": 2 }"#))
        #expect(posted.status == .ok)
        #expect(try await BookinfoTest.body(posted) == #"{"id":3,"ratings":{"Reviewer2":1,"Reviewer1":2}}"#)
        #expect(try await BookinfoTest.body(await ratings.respond(to: BookinfoTest.request("/ratings/3"))) == #"{"id":3,"ratings":{"Reviewer2":1,"Reviewer1":2}}"#)
        // Other products keep the built-in ratings.
        #expect(try await BookinfoTest.body(await ratings.respond(to: BookinfoTest.request("/ratings/4"))) == #"{"id":4,"ratings":{"Reviewer1":5,"Reviewer2":4}}"#)
    }

    @Test func badInputIs400() async throws {
        let ratings = RatingsService()
        let badID = await ratings.respond(to: BookinfoTest.request("/ratings/abc"))
        #expect(badID.status == .badRequest)
        #expect(try await BookinfoTest.body(badID) == #"{"error":"please provide numeric product ID"}"#)
        // The id comes from the raw URL's last segment, query included: "0?a/b" ends in "b".
        #expect(await ratings.respond(to: BookinfoTest.request("/ratings/0?a/b")).status == .badRequest)
        let badJSON = await ratings.respond(to: BookinfoTest.request("/ratings/1", method: .post, body: "{nope"))
        #expect(badJSON.status == .badRequest)
        #expect(try await BookinfoTest.body(badJSON) == #"{"error":"please provide valid ratings JSON"}"#)
    }

    @Test(arguments: ["/", "/ratings", "/health/x", "/x"])
    func unknownPathIsBare404(path: String) async throws {
        let response = await RatingsService().respond(to: BookinfoTest.request(path))
        #expect(response.status == .notFound)
        #expect(response.headers[.contentType] == nil)
        #expect(try await BookinfoTest.body(response) == "")
    }
}
