import Hummingbird

/// details v1 (details.rb on WEBrick): `/health` and `/details/<id>` mounted as WEBrick
/// procs (each matches its path and everything below it), WEBrick's 404 page elsewhere.
public struct DetailsService: BookinfoService {
    public init() {}

    public func respond(to request: IncomingRequest) async -> Response {
        // WEBrick matches mounts against the unescaped path.
        let path = PercentDecoding.decode(request.rawPath)
        let mount: Mount
        if Self.path(path, isUnder: "/details") {
            mount = .details
        } else if Self.path(path, isUnder: "/health") {
            mount = .health
        } else {
            return errorPage(request, status: .notFound, message: "`\(path)' not found.")
        }
        switch request.method {
        case .get, .head, .post:
            break
        case .options:
            var headers = serverHeaders()
            headers[.allow] = "GET,HEAD,POST,OPTIONS"
            return Response.text("", contentType: nil, headers: headers)
        default:
            return errorPage(request, status: .methodNotAllowed, message: "unsupported method `\(request.method.rawValue)'.")
        }
        switch mount {
        case .health:
            return json(#"{"status":"Details is healthy"}"#)
        case .details:
            // details.rb: Integer(path.split('/')[-1]); Ruby's split drops trailing empty parts.
            let last = path.split(separator: "/", omittingEmptySubsequences: false).reversed().first(where: { !$0.isEmpty })
            guard let last, let id = RubyInteger.parse(String(last)) else {
                return json(#"{"error":"please provide numeric product id"}"#, status: .badRequest)
            }
            return json(Self.bookDetails(id: id).compactStringified())
        }
    }

    /// The book as details v1 serves it (Ruby hash order, compact `to_json`).
    static func bookDetails(id: String) -> BookinfoJSON {
        .object([
            .init("id", .number(id)),
            .init("author", .string("William Shakespeare")),
            .init("year", .int(1595)),
            .init("type", .string("paperback")),
            .init("pages", .int(200)),
            .init("publisher", .string("PublisherA")),
            .init("language", .string("English")),
            .init("ISBN-10", .string("1234567890")),
            .init("ISBN-13", .string("123-1234567890")),
        ])
    }

    private enum Mount { case health, details }

    /// WEBrick's mount match: the mount path itself or anything below it.
    static func path(_ path: String, isUnder mount: String) -> Bool {
        path == mount || path.hasPrefix(mount + "/")
    }

    private func serverHeaders() -> HTTPFields {
        [.server: WEBrickErrorPage.serverSoftware]
    }

    private func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        .text(body, status: status, contentType: "application/json", headers: serverHeaders())
    }

    private func errorPage(_ request: IncomingRequest, status: HTTPResponse.Status, message: String) -> Response {
        let address = WEBrickErrorPage.address(
            hostHeader: request.header("Host"), localHost: request.localHost, localPort: request.localPort)
        let page = WEBrickErrorPage.render(reason: status.reasonPhrase, message: message, address: address)
        return .text(page, status: status, contentType: WEBrickErrorPage.contentType, headers: serverHeaders())
    }
}
