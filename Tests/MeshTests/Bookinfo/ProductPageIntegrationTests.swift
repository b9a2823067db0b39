import AsyncHTTPClient
import Hummingbird
import NIOCore
import Testing

@testable import Mesh

/// productpage against real details, reviews and ratings apps over sockets, pages compared
/// byte for byte with what the original templates render (Fixtures/bookinfo).
@Suite struct ProductPageIntegrationTests {
    @Test func pageShowsEachReviewsVariant() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let details = topology.address(try await topology.app(.details))
            let ratings = topology.address(try await topology.app(.ratings))
            var pages: [String: String] = [:]
            for version in ["v1", "v2", "v3"] {
                let reviews = topology.address(try await topology.app(.reviews, version: version, resolve: ["ratings": ratings]))
                let productpage = try await topology.app(.productpage, resolve: ["details": details, "reviews": reviews])
                let page = try await BookinfoTest.fetch("\(productpage.url)/productpage")
                #expect(page.status == 200)
                #expect(page.header("Content-Type") == "text/html; charset=utf-8")
                pages[version] = page.body
            }
            #expect(pages["v3"] == (try BookinfoTest.fixture("productpage-v3-anonymous.html")))
            let v1 = try #require(pages["v1"])
            #expect(v1.contains("<small>Reviewer2</small>") && !v1.contains("<font color=") && !v1.contains("glyphicon-star"))
            let v2 = try #require(pages["v2"])
            #expect(v2.contains(#"<font color="black">"#))
            #expect(v2.components(separatedBy: #"<span class="glyphicon glyphicon-star"></span>"#).count - 1 == 9)
            #expect(v2.components(separatedBy: #"<span class="glyphicon glyphicon-star-empty"></span>"#).count - 1 == 1)
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    @Test func signedInUserIsForwardedAsEndUser() async throws {
        let topology = BookinfoMeshlessTopology()
        let browser = NoRedirectClient.make()
        do {
            let detailsRecorder = RecordingService(DetailsService())
            let ratingsRecorder = RecordingService(RatingsService())
            let details = try await topology.serve(detailsRecorder)
            let ratings = try await topology.serve(ratingsRecorder)
            let reviews = topology.address(try await topology.app(.reviews, version: "v2", resolve: ["ratings": ratings]))
            let productpage = try await topology.app(.productpage, resolve: ["details": details, "reviews": reviews])

            var login = HTTPClientRequest(url: "\(productpage.url)/login")
            login.method = .POST
            login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            login.headers.add(name: "Referer", value: "http://bookinfo.example/productpage")
            login.body = .bytes(ByteBuffer(string: "username=jason&passwd=x"))
            let loggedIn = try await browser.execute(login, timeout: .seconds(10))
            #expect(loggedIn.status == .found)
            #expect(loggedIn.headers.first(name: "Location") == "http://bookinfo.example/productpage")
            let cookie = try #require(loggedIn.headers.first(name: "Set-Cookie"))
            #expect(cookie.hasPrefix("session=") && cookie.hasSuffix("; HttpOnly; Path=/"))
            let session = String(cookie.split(separator: ";")[0])

            let page = try await BookinfoTest.fetch(
                "\(productpage.url)/productpage",
                headers: [("Cookie", session), ("x-request-id", "req-1"), ("x-b3-traceid", "463ac35c9f6413ad"), ("x-b3-spanid", "a2fb4a1d1a96d312"), ("x-b3-sampled", "1"), ("User-Agent", "curl/7.58")])
            #expect(page.body == (try BookinfoTest.fixture("productpage-v2-jason.html")))

            // Verified where it lands: details got it from productpage, ratings from reviews.
            let atDetails = try #require(detailsRecorder.requests.last)
            #expect(atDetails.header("end-user") == "jason")
            #expect(atDetails.header("x-request-id") == "req-1")
            #expect(atDetails.header("x-b3-traceid") == "463ac35c9f6413ad")
            #expect(atDetails.header("x-b3-spanid") == "a2fb4a1d1a96d312")
            #expect(atDetails.header("user-agent") == "curl/7.58")
            #expect(atDetails.header("host") == "details:9080")
            let atRatings = try #require(ratingsRecorder.requests.last)
            #expect(atRatings.header("end-user") == "jason")
            #expect(atRatings.header("x-b3-traceid") == "463ac35c9f6413ad")
            #expect(atRatings.header("x-request-id") == "req-1")

            var logout = HTTPClientRequest(url: "\(productpage.url)/logout")
            logout.headers.add(name: "Cookie", value: session)
            let loggedOut = try await browser.execute(logout, timeout: .seconds(10))
            #expect(loggedOut.status == .found)
            #expect(loggedOut.headers.first(name: "Set-Cookie")?.hasPrefix("session=; Expires=Thu, 01-Jan-1970 00:00:00 GMT") == true)
            let anonymous = try await BookinfoTest.fetch("\(productpage.url)/productpage", headers: [("Cookie", session)])
            #expect(anonymous.body.contains(">Sign in</button>") && !anonymous.body.contains("jason"))
            #expect(detailsRecorder.requests.last?.header("end-user") == nil)
        } catch {
            Issue.record(error)
        }
        try? await browser.shutdown()
        await topology.shutdown()
    }

    @Test func detailsDownShowsItsError() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let reviews = topology.address(try await topology.app(.reviews, version: "v1"))
            let productpage = ProductPageService(
                // Generous: reviews must answer within it even on a loaded machine. The closed
                // details port costs it twice (the client retries a refused connect until the
                // deadline, and productpage asks twice): the price of a lasting answer.
                configuration: ProductPageConfiguration(upstreamTimeout: .seconds(5)),
                upstream: topology.client(resolve: ["details": try await topology.closedAddress(), "reviews": reviews]))
            let page = await productpage.respond(to: BookinfoTest.request("/productpage"))
            #expect(try await BookinfoTest.body(page) == (try BookinfoTest.fixture("productpage-v1-details-down.html")))
            let api = await productpage.respond(to: BookinfoTest.request("/api/v1/products/0"))
            #expect(api.status == .internalServerError)
            #expect(try await BookinfoTest.body(api) == #"{"error": "Sorry, product details are currently unavailable for this book."}"#)
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    @Test func reviewsTimingOutTwiceShowsItsError() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let details = topology.address(try await topology.app(.details))
            let hung = RecordingService(HungService())
            let reviews = try await topology.serve(hung)
            // details must answer within the timeout on a loaded machine; reviews never does.
            let productpage = ProductPageService(
                configuration: ProductPageConfiguration(upstreamTimeout: .seconds(5)),
                upstream: topology.client(resolve: ["details": details, "reviews": reviews]))
            let page = await productpage.respond(to: BookinfoTest.request("/productpage"))
            #expect(try await BookinfoTest.body(page) == (try BookinfoTest.fixture("productpage-reviews-down.html")))
            #expect(hung.requests.count == 2)
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    /// reviews v3 whose ratings call times out fails as a whole in 1.1.0 (istio#14842):
    /// productpage then shows the reviews error, not the per-review ratings error.
    @Test func ratingsTimeoutFailsReviewsV3() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let details = topology.address(try await topology.app(.details))
            let ratings = try await topology.serve(HungService(delay: .seconds(2)))
            let reviewsService = ReviewsService(
                configuration: ReviewsConfiguration(ratingsEnabled: true, starColor: "red", ratingsTimeout: .milliseconds(200)),
                upstream: topology.client(resolve: ["ratings": ratings]))
            let direct = await reviewsService.respond(to: BookinfoTest.request("/reviews/0"))
            #expect(direct.status == .internalServerError)
            #expect(try await BookinfoTest.body(direct).hasPrefix("Error 500: javax.ws.rs.ProcessingException"))
            let reviews = try await topology.serve(reviewsService)
            let productpage = ProductPageService(
                configuration: ProductPageConfiguration(), upstream: topology.client(resolve: ["details": details, "reviews": reviews]))
            let page = await productpage.respond(to: BookinfoTest.request("/productpage"))
            #expect(try await BookinfoTest.body(page) == (try BookinfoTest.fixture("productpage-reviews-down.html")))
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    /// ratings reached at details (the seed's misrouting): a 404, so each review carries the
    /// ratings error and reviews still answers 200; the ratings API mirrors the 404.
    @Test func ratingsUnavailableShowsPerReviewError() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let details = topology.address(try await topology.app(.details))
            let reviews = topology.address(try await topology.app(.reviews, version: "v2", resolve: ["ratings": details]))
            let sessions = SessionStore()
            let token = sessions.signIn("<jason & co>", token: nil)
            let productpage = ProductPageService(
                configuration: ProductPageConfiguration(),
                upstream: topology.client(resolve: ["details": details, "reviews": reviews, "ratings": details]), sessions: sessions)
            let page = await productpage.respond(to: BookinfoTest.request("/productpage", headers: [.cookie: "session=\(token)"]))
            #expect(try await BookinfoTest.body(page) == (try BookinfoTest.fixture("productpage-ratings-unavailable.html")))
            let api = await productpage.respond(to: BookinfoTest.request("/api/v1/products/0/ratings"))
            #expect(api.status == .notFound)
            #expect(try await BookinfoTest.body(api) == #"{"error": "Sorry, product ratings are currently unavailable for this book."}"#)
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }

    @Test func apiAndStaticRoutes() async throws {
        let topology = BookinfoMeshlessTopology()
        do {
            let details = topology.address(try await topology.app(.details))
            let ratings = topology.address(try await topology.app(.ratings))
            let reviews = topology.address(try await topology.app(.reviews, version: "v2", resolve: ["ratings": ratings]))
            let productpage = try await topology.app(.productpage, resolve: ["details": details, "reviews": reviews, "ratings": ratings])
            let base = productpage.url
            // The bytes Bookinfo's productpage (Python 2.7) printed in a captured run.
            #expect(
                try await BookinfoTest.fetch("\(base)/api/v1/products/0").body
                    == #"{"publisher": "PublisherA", "language": "English", "author": "William Shakespeare", "id": 0, "ISBN-10": "1234567890", "ISBN-13": "123-1234567890", "year": 1595, "type": "paperback", "pages": 200}"#
            )
            #expect(
                try await BookinfoTest.fetch("\(base)/api/v1/products/0/reviews").body
                    == #"{"reviews": [{"reviewer": "Reviewer1", "rating": {"color": "black", "stars": 5}, "text": "An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!"}, {"reviewer": "Reviewer2", "rating": {"color": "black", "stars": 4}, "text": "Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare."}], "id": "0"}"#
            )
            #expect(try await BookinfoTest.fetch("\(base)/api/v1/products/0/ratings").body == #"{"ratings": {"Reviewer2": 4, "Reviewer1": 5}, "id": 0}"#)
            let products = try await BookinfoTest.fetch("\(base)/api/v1/products")
            #expect(products.header("Content-Type") == "application/json")
            #expect(products.body.hasPrefix(#"[{"descriptionHtml": "<a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">"#))
            #expect(products.body.hasSuffix(#"word play.", "id": 0, "title": "The Comedy of Errors"}]"#))
            #expect(try await BookinfoTest.fetch("\(base)/health").body == "Product page is healthy")
            #expect(try await BookinfoTest.fetch("\(base)/").body == (try BookinfoTest.fixture("index.html")))
            #expect(try await BookinfoTest.fetch("\(base)/index.html").body == (try BookinfoTest.fixture("index.html")))
            let missing = try await BookinfoTest.fetch("\(base)/productpage/")
            #expect(missing.status == 404)
            #expect(missing.body.contains("<title>404 Not Found</title>"))
            let wrongMethod = try await BookinfoTest.fetch("\(base)/login")
            #expect(wrongMethod.status == 405)
        } catch {
            Issue.record(error)
        }
        await topology.shutdown()
    }
}
