import Foundation
import Hummingbird

/// The pages Flask 0.12 / Werkzeug 0.13 answer by themselves: HTTP errors and redirects.
enum FlaskPages {
    static let html = "text/html; charset=utf-8"

    static func error(_ status: HTTPResponse.Status, description: String, headers: HTTPFields = [:]) -> Response {
        let page = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
            <title>\(status.code) \(status.reasonPhrase)</title>
            <h1>\(status.reasonPhrase)</h1>
            <p>\(description)</p>

            """
        return .text(page, status: status, contentType: "text/html", headers: headers)
    }

    static var notFound: Response {
        error(
            .notFound,
            description:
                "The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again."
        )
    }

    static func methodNotAllowed(allowed: [String]) -> Response {
        var headers = HTTPFields()
        headers[.allow] = allowed.joined(separator: ", ")
        return error(.methodNotAllowed, description: "The method is not allowed for the requested URL.", headers: headers)
    }

    static var internalServerError: Response {
        error(
            .internalServerError,
            description:
                "The server encountered an internal error and was unable to complete your request.  Either the server is overloaded or there is an error in the application."
        )
    }

    /// werkzeug.utils.redirect(location), 302, with the Location made absolute against the
    /// request's host as Werkzeug 0.13 did.
    static func redirect(to location: String, host: String?, headers: HTTPFields = [:]) -> Response {
        // werkzeug.utils.escape(quote=True): & < > and " only.
        let shown = location.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        let page = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
            <title>Redirecting...</title>
            <h1>Redirecting...</h1>
            <p>You should be redirected automatically to target URL: <a href="\(shown)">\(shown)</a>.  If not click the link.
            """
        var fields = headers
        let absolute = location.contains("://") ? location : "http://\(host ?? "localhost")" + (location.hasPrefix("/") ? "" : "/") + location
        fields[.location] = absolute
        return .text(page, status: .found, contentType: html, headers: fields)
    }
}
