import Hummingbird
import Testing

@testable import Mesh

@Suite struct ReviewsServiceTests {
    @Test func v1HasNoRatingsAndTheJavaSpacing() async throws {
        let upstream = UpstreamClient(routing: UpstreamRouting())
        let reviews = ReviewsService(configuration: .forVersion("v1"), upstream: upstream)
        let response = await reviews.respond(to: BookinfoTest.request("/reviews/+00"))
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        #expect(
            try await BookinfoTest.body(response)
                == #"{"id": "0","reviews": [{  "reviewer": "Reviewer1",  "text": "An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!"},{  "reviewer": "Reviewer2",  "text": "Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare."}]}"#
        )
        #expect(try await BookinfoTest.body(await reviews.respond(to: BookinfoTest.request("/health"))) == #"{"status": "Reviews is healthy"}"#)
        await upstream.shutdown()
    }

    @Test(arguments: ["/reviews/abc", "/reviews/", "/reviews/1/2", "/", "/details/0", "/reviews/99999999999"])
    func unmatchedIsJAXRSNotFound(path: String) async throws {
        let upstream = UpstreamClient(routing: UpstreamRouting())
        let response = await ReviewsService(configuration: .forVersion("v2"), upstream: upstream).respond(to: BookinfoTest.request(path))
        #expect(response.status == .notFound)
        #expect(try await BookinfoTest.body(response) == "")
        await upstream.shutdown()
    }

    @Test func versionsAsTheDockerfileBuildsThem() {
        let v2 = ReviewsConfiguration.forVersion("v2")
        let v3 = ReviewsConfiguration.forVersion("v3")
        #expect(!ReviewsConfiguration.forVersion("v1").ratingsEnabled)
        #expect(v2.ratingsEnabled && v2.starColor == "black" && v2.ratingsTimeout == .seconds(10))
        #expect(v3.ratingsEnabled && v3.starColor == "red" && v3.ratingsTimeout == .milliseconds(2500))
        #expect(ReviewsConfiguration.forVersion("v2", environment: ["STAR_COLOR": "blue"]).ratingsTimeout == .milliseconds(2500))
    }

    @Test func ratingsAnswerToStars() {
        let ok = ReviewsService.stars(from: .response(status: 200, body: Array(#"{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4.7}}"#.utf8)))
        #expect((try? ok.get()).map { [$0.first, $0.second] } == [5, 4])
        let unavailable = ReviewsService.stars(from: .response(status: 503, body: Array("no healthy upstream".utf8)))
        #expect((try? unavailable.get()).map { [$0.first, $0.second] } == [nil, nil])
        #expect((try? ReviewsService.stars(from: .failure(.timedOut)).get()) == nil)
        #expect((try? ReviewsService.stars(from: .response(status: 200, body: Array("<html>".utf8))).get()) == nil)
    }
}
