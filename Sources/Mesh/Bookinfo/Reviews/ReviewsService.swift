import Hummingbird
import NIOCore

/// reviews v1/v2/v3 (LibertyRestEndpoint on WebSphere Liberty, JAX-RS at context root `/`).
///
/// `GET /health`, `GET /reviews/{productId}` (an int: anything else is JAX-RS's 404); with
/// ratings enabled it calls `http://ratings:9080/ratings/<id>` forwarding the tracing headers,
/// end-user and user-agent. A non-200 from ratings gives each review
/// `"rating": {"error": "Ratings service is currently unavailable"}` with 200; a timeout or a
/// refused connection is an uncaught ProcessingException in 1.1.0 (istio#14842, fixed later),
/// so the whole request fails with 500.
public struct ReviewsService: BookinfoService {
    let configuration: ReviewsConfiguration
    let upstream: UpstreamClient

    public init(configuration: ReviewsConfiguration, upstream: UpstreamClient) {
        self.configuration = configuration
        self.upstream = upstream
    }

    public func respond(to request: IncomingRequest) async -> Response {
        let path = PercentDecoding.decode(request.rawPath)
        let route: Route
        if let id = Self.template(path, prefix: "/reviews/") {
            // A path parameter that does not convert to int is a 404 (JAX-RS NotFoundException).
            guard let productID = JavaInt.parse(id) else { return Response(status: .notFound) }
            route = .reviews(productID)
        } else if path == "/health" || path == "/health/" {
            route = .health
        } else {
            // No resource matches: JAX-RS's NotFoundException, a 404 with no entity.
            return Response(status: .notFound)
        }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "HEAD,GET,OPTIONS"])
        }
        switch route {
        case .health:
            return Self.json(#"{"status": "Reviews is healthy"}"#)
        case .reviews(let productID):
            return await reviews(productID: productID, request: request)
        }
    }

    private enum Route {
        case health
        case reviews(Int32)
    }

    /// `/reviews/{productId}`: one non-empty segment, optionally followed by a slash.
    static func template(_ path: String, prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        var rest = path.dropFirst(prefix.count)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return String(rest)
    }

    private func reviews(productID: Int32, request: IncomingRequest) async -> Response {
        let id = String(productID)
        guard configuration.ratingsEnabled else {
            return Self.json(ReviewsBody.render(productID: id, color: configuration.starColor, first: .none, second: .none))
        }
        var headers = ForwardedHeaders.copy(ForwardedHeaders.reviews, from: request)
        headers.append(("Accept", "application/json"))
        let result = await upstream.get(
            host: "ratings" + configuration.servicesDomain, port: 9080, path: "/ratings/\(id)", headers: headers, timeout: configuration.ratingsTimeout)
        switch Self.stars(from: result) {
        case .success(let stars):
            let first: ReviewsBody.Rating = stars.first.map { .stars($0) } ?? .unavailable
            let second: ReviewsBody.Rating = stars.second.map { .stars($0) } ?? .unavailable
            return Self.json(ReviewsBody.render(productID: id, color: configuration.starColor, first: first, second: second))
        case .failure(let exception):
            return Self.uncaught(exception)
        }
    }

    /// The two reviewers' stars from ratings' answer (nil for a reviewer without one, or -1,
    /// the original's "no rating" marker), or the Java exception the original threw.
    static func stars(from result: UpstreamResult) -> Result<(first: Int32?, second: Int32?), JavaException> {
        switch result {
        case .failure(.timedOut):
            return .failure(JavaException("javax.ws.rs.ProcessingException: java.net.SocketTimeoutException: Read timed out"))
        case .failure(.connectionFailed):
            return .failure(JavaException("javax.ws.rs.ProcessingException: java.net.ConnectException: Connection refused (Connection refused)"))
        case .response(let status, _) where status != 200:
            return .success((nil, nil))
        case .response(_, let body):
            guard let json = try? BookinfoJSONParser.parse(body), case .object = json else {
                return .failure(JavaException("javax.json.stream.JsonParsingException: Invalid token"))
            }
            guard let ratings = json["ratings"] else { return .success((nil, nil)) }
            guard case .object = ratings else {
                return .failure(JavaException("java.lang.ClassCastException: ratings is not a JsonObject"))
            }
            var stars: [Int32?] = []
            for reviewer in ["Reviewer1", "Reviewer2"] {
                guard let value = ratings[reviewer] else {
                    stars.append(nil)
                    continue
                }
                guard let number = value.doubleValue else {
                    return .failure(JavaException("java.lang.ClassCastException: \(reviewer) is not a JsonNumber"))
                }
                let int = JavaInt.intValue(of: number)
                stars.append(int == -1 ? nil : int)
            }
            return .success((stars[0], stars[1]))
        }
    }

    /// An exception escaping the resource method: Liberty's web container answers 500 with
    /// its "Error 500: <exception>" body.
    private static func uncaught(_ exception: JavaException) -> Response {
        .text("Error 500: \(exception.text)", status: .internalServerError, contentType: "text/html;charset=ISO-8859-1")
    }

    private static func json(_ body: String) -> Response {
        .text(body, contentType: "application/json")
    }
}

/// A Java exception as the original would have printed it (class: message).
public struct JavaException: Error, Sendable {
    public var text: String
    init(_ text: String) { self.text = text }
}
