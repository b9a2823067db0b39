import Foundation
import Hummingbird
import Logging
import NIOCore

/// The sidecar's admin port (Envoy's 15000), served with Hummingbird.
public enum AdminServer {
    public static func application(
        views: AdminViews, host: String, port: Int, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "shakedown-mesh.sidecar.admin")
        logger.logLevel = .notice
        return Application(
            router: router(views: views),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "envoy"),
            onServerRunning: onServerRunning, logger: logger)
    }

    public static func router(views: AdminViews) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/ready") { _, _ in
            views.isReady ? text("LIVE\n") : text("PRE_INITIALIZING\n", status: .serviceUnavailable)
        }
        router.get("/config_dump") { _, _ in json(try views.configDump()) }
        router.get("/listeners") { request, _ in
            request.uri.queryParameters.get("format") == "json" ? json(try views.listenersJSON()) : text(views.listenersText())
        }
        router.get("/clusters") { _, _ in text(views.clustersText()) }
        router.get("/stats") { request, _ in
            let filter = request.uri.queryParameters.get("filter")
            do {
                return request.uri.queryParameters.get("format") == "json" ? json(try views.statsJSON(filter: filter)) : text(try views.statsText(filter: filter))
            } catch let error as SidecarConfigError {
                return text("\(error)\n", status: .badRequest)
            }
        }
        router.get("/server_info") { _, _ in json(try views.serverInfo()) }
        router.get("/help") { _, _ in text(AdminViews.help) }
        router.get("/") { _, _ in text(AdminViews.help) }
        return router
    }

    private static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=UTF-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private static func json(_ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
