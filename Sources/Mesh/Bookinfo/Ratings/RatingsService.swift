import Hummingbird

/// ratings v1 (ratings.js: Node's `http` module with httpdispatcher 1.0.0). Routes match
/// the URL's pathname; GET `^/ratings/[0-9]*` (a prefix regex: `/ratings/abc` matches and
/// gets 400) and `/health` exactly; POST `^/ratings/[0-9]*`; everything else is
/// httpdispatcher's bare 404 (no body, no content type).
public struct RatingsService: BookinfoService {
    let store: RatingsStore

    public init(store: RatingsStore = RatingsStore()) {
        self.store = store
    }

    public func respond(to request: IncomingRequest) async -> Response {
        let pathname = request.rawPath
        let isRatings = Self.matchesRatingsRoute(pathname)
        switch request.method {
        case .get where isRatings:
            guard let id = productID(request) else { return Self.badID }
            return Self.json(store.ratings(for: id).nodeStringified())
        case .get where pathname == "/health":
            return Self.json(#"{"status":"Ratings is healthy"}"#)
        case .post where isRatings:
            guard let id = productID(request) else { return Self.badID }
            guard let ratings = try? BookinfoJSONParser.parse(Array(buffer: request.body)) else {
                return Self.json(#"{"error":"please provide valid ratings JSON"}"#, status: .badRequest)
            }
            return Self.json(store.store(ratings, for: id).nodeStringified())
        default:
            // httpdispatcher's errorListener: writeHead(404); end(). (Methods other than GET
            // and POST made the original throw inside dispatch and never answer; a 404 is kinder.)
            return Response(status: .notFound)
        }
    }

    /// `/^\/ratings\/[0-9]*/` against the pathname: any path starting with `/ratings/`.
    static func matchesRatingsRoute(_ pathname: String) -> Bool {
        pathname.hasPrefix("/ratings/")
    }

    /// `parseInt(req.url.split('/').pop())`: the raw URL's last segment, query included.
    private func productID(_ request: IncomingRequest) -> Double? {
        let last = request.target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return JavaScriptParseInt.parse(last)
    }

    private static var badID: Response {
        json(#"{"error":"please provide numeric product ID"}"#, status: .badRequest)
    }

    private static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        .text(body, status: status, contentType: "application/json")
    }
}
