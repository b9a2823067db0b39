import Broker
import Foundation
import Hummingbird
import NIOCore

/// JSON responses: objects with their members in key order, `/` not escaped.
enum JSONResponse {
    static func encode(_ value: JSONValue) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONValue always encodes; a non-finite double is the only failure, printed as null.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return ByteBuffer(bytes: data)
    }

    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: encode(value)))
    }

    /// 201 Created for a new resource, 204 No Content for an update (cowboy's PUT answers).
    static func created(_ created: Bool) -> Response {
        Response(status: created ? .created : .noContent)
    }

    static var noContent: Response { Response(status: .noContent) }

    static func error(_ error: ManagementError) -> Response {
        let fields = error.headers
        guard error.hasBody else { return Response(status: error.status, headers: fields) }
        let body: JSONValue = .object(["error": .string(error.error), "reason": error.reason])
        return make(body, status: error.status, headers: fields)
    }
}
