import Hummingbird
import NIOCore

/// productpage v1 (productpage.py, Flask 0.12): the UI (`/`, `/index.html`, `/productpage`),
/// sign-in (`POST /login`, `GET /logout`), `/health` and the JSON API under `/api/v1/products`.
/// It calls details once and reviews up to twice (the original's deliberate retry), forwarding
/// B3, x-request-id, user-agent and `end-user: <user>` when someone is signed in.
public struct ProductPageService: BookinfoService {
    let configuration: ProductPageConfiguration
    let upstream: UpstreamClient
    let sessions: SessionStore

    public init(configuration: ProductPageConfiguration, upstream: UpstreamClient, sessions: SessionStore = SessionStore()) {
        self.configuration = configuration
        self.upstream = upstream
        self.sessions = sessions
    }

    public func respond(to request: IncomingRequest) async -> Response {
        let path = PercentDecoding.decode(request.rawPath)
        guard let route = Route(path: path) else { return FlaskPages.notFound }
        let allowed = route.methods
        if request.method == .options {
            return Response(status: .ok, headers: [.allow: (allowed + ["OPTIONS"]).joined(separator: ", ")])
        }
        guard allowed.contains(request.method.rawValue) else { return FlaskPages.methodNotAllowed(allowed: allowed + ["OPTIONS"]) }
        switch route {
        case .index:
            return .text(IndexTemplate.render(servicesDomain: configuration.servicesDomain), contentType: FlaskPages.html)
        case .health:
            return .text("Product page is healthy", contentType: FlaskPages.html)
        case .login:
            return login(request)
        case .logout:
            return logout(request)
        case .productPage:
            return await productPage(request)
        case .products:
            return Self.json(Products.all, status: 200)
        case .product(let id):
            let (status, details) = await fetch(.details, id: id, request: request)
            return Self.api(status, details)
        case .reviews(let id):
            let (status, reviews) = await fetch(.reviews, id: id, request: request)
            return Self.api(status, reviews)
        case .ratings(let id):
            let (status, ratings) = await fetch(.ratings, id: id, request: request)
            return Self.api(status, ratings)
        }
    }

    // MARK: Pages

    private func productPage(_ request: IncomingRequest) async -> Response {
        let user = sessions.user(token: SessionStore.token(cookieHeader: request.header("Cookie")))
        let (detailsStatus, details) = await fetch(.details, id: "0", request: request)
        let (reviewsStatus, reviews) = await fetch(.reviews, id: "0", request: request)
        guard let details, let reviews else { return FlaskPages.internalServerError }
        let model = ProductPageTemplate.Model(
            user: user, product: Products.first, detailsStatus: detailsStatus, details: details, reviewsStatus: reviewsStatus,
            reviews: reviews)
        guard let page = try? ProductPageTemplate.render(model) else { return FlaskPages.internalServerError }
        return .text(page, contentType: FlaskPages.html, headers: [.vary: "Cookie"])
    }

    private func login(_ request: IncomingRequest) -> Response {
        var fields = PercentDecoding.formFields(request.rawQuery)
        if request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            fields += PercentDecoding.formFields(String(buffer: request.body))
        }
        var headers: HTTPFields = [.vary: "Cookie"]
        if let user = fields.first(where: { $0.name == "username" })?.value {
            let token = sessions.signIn(user, token: SessionStore.token(cookieHeader: request.header("Cookie")))
            headers[.setCookie] = "\(SessionStore.cookieName)=\(token); HttpOnly; Path=/"
        }
        return FlaskPages.redirect(to: request.header("Referer") ?? "/productpage", host: request.header("Host"), headers: headers)
    }

    private func logout(_ request: IncomingRequest) -> Response {
        var headers: HTTPFields = [.vary: "Cookie"]
        if sessions.signOut(token: SessionStore.token(cookieHeader: request.header("Cookie"))) {
            // Flask drops the cookie of a session that became empty.
            headers[.setCookie] = "\(SessionStore.cookieName)=; Expires=Thu, 01-Jan-1970 00:00:00 GMT; Max-Age=0; Path=/"
        }
        return FlaskPages.redirect(to: request.header("Referer") ?? "/productpage", host: request.header("Host"), headers: headers)
    }

    // MARK: Upstreams

    enum Upstream: String {
        case details, reviews, ratings

        /// The error JSON's text: "Sorry, product details are currently unavailable for this book."
        var unavailable: BookinfoJSON {
            .object([.init("error", .string("Sorry, product \(rawValue) are currently unavailable for this book."))])
        }

        /// reviews is tried twice ("Bug introduced explicitly for illustration in fault injection task").
        var attempts: Int { self == .reviews ? 2 : 1 }
    }

    /// getProductDetails / getProductReviews / getProductRatings: (200, the upstream's JSON), or
    /// (its status or 500, the error JSON). A 200 whose body is not JSON made `res.json()` raise
    /// outside the try: nil, for a 500 page.
    func fetch(_ upstream: Upstream, id: String, request: IncomingRequest) async -> (Int, BookinfoJSON?) {
        let headers = forwardHeaders(request)
        var status = 500
        for _ in 0..<upstream.attempts {
            let result = await self.upstream.get(
                host: upstream.rawValue + configuration.servicesDomain, port: 9080, path: "/\(upstream.rawValue)/\(id)",
                headers: headers, timeout: configuration.upstreamTimeout)
            switch result {
            case .response(200, let body):
                return (200, try? BookinfoJSONParser.parse(body))
            case .response(let code, _):
                status = code
            case .failure:
                status = 500
            }
        }
        return (status, upstream.unavailable)
    }

    /// getForwardHeaders: B3 from the tracer, end-user from the session, user-agent and
    /// x-request-id from the request; python-requests' own User-Agent and Accept otherwise.
    func forwardHeaders(_ request: IncomingRequest) -> [(String, String)] {
        var headers = B3Propagation.headers(from: request)
        if let user = sessions.user(token: SessionStore.token(cookieHeader: request.header("Cookie"))) {
            headers.append(("end-user", user))
        }
        headers.append(("user-agent", request.header("user-agent") ?? "python-requests/2.20.0"))
        if let requestID = request.header("x-request-id") { headers.append(("x-request-id", requestID)) }
        headers.append(("Accept", "*/*"))
        return headers
    }

    // MARK: Responses

    private static func api(_ status: Int, _ body: BookinfoJSON?) -> Response {
        guard let body else { return FlaskPages.internalServerError }
        return json(body, status: status)
    }

    private static func json(_ body: BookinfoJSON, status: Int) -> Response {
        .text(body.pythonDumped(), status: HTTPResponse.Status(code: status), contentType: "application/json")
    }
}

extension ProductPageService {
    /// Flask's URL map (Werkzeug rules, no trailing-slash variants) and each rule's methods.
    enum Route {
        case index, health, login, logout, productPage, products
        case product(String), reviews(String), ratings(String)

        init?(path: String) {
            switch path {
            case "/", "/index.html": self = .index
            case "/health": self = .health
            case "/login": self = .login
            case "/logout": self = .logout
            case "/productpage": self = .productPage
            case "/api/v1/products": self = .products
            default:
                let prefix = "/api/v1/products/"
                guard path.hasPrefix(prefix) else { return nil }
                let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
                guard let id = parts.first, !id.isEmpty else { return nil }
                switch parts.count {
                case 1: self = .product(String(id))
                case 2 where parts[1] == "reviews": self = .reviews(String(id))
                case 2 where parts[1] == "ratings": self = .ratings(String(id))
                default: return nil
                }
            }
        }

        var methods: [String] {
            switch self {
            case .login: ["POST"]
            default: ["GET", "HEAD"]
            }
        }
    }
}
