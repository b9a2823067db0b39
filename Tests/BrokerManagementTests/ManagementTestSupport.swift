import Broker
import BrokerManagement
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A broker node (first-boot access: guest/guest, administrator) with the API in front of it,
/// tested in-process through Hummingbird's router test framework.
struct ManagementHarness {
    let node: BrokerNode
    let client: any TestClientProtocol

    static func run(_ body: @Sendable (ManagementHarness) async throws -> Void) async throws {
        let node = BrokerNode()
        let app = Application(responder: ManagementAPI(node: node, managementPort: 15672).responder)
        do {
            try await app.test(.router) { client in try await body(ManagementHarness(node: node, client: client)) }
        } catch {
            try? await node.stop()
            throw error
        }
        try await node.stop()
    }

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        /// `{"error": …, "reason": …}` as a pair of texts.
        var error: (String, String)? {
            guard let error = object["error"] as? String else { return nil }
            let reason = object["reason"].map { $0 as? String ?? "\($0)" } ?? ""
            return (error, reason)
        }
    }

    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, user: String = "guest", password: String = "guest") async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if !user.isEmpty { headers[.authorization] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    func get(_ path: String, user: String = "guest", password: String = "guest") async throws -> Reply {
        try await request(.get, path, user: user, password: password)
    }

    /// A request that must answer `status`.
    @discardableResult
    func expect(_ status: HTTPResponse.Status, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil,
                user: String = "guest", password: String = "guest", sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        let reply = try await request(method, path, body, user: user, password: password)
        #expect(reply.status == status, "\(method) \(path): \(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// A request that must fail with RabbitMQ's error body.
    func expectError(_ status: HTTPResponse.Status, _ error: String, _ reason: String, _ method: HTTPRequest.Method, _ path: String,
                     _ body: String? = nil, user: String = "guest", password: String = "guest", sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await request(method, path, body, user: user, password: password)
        #expect(reply.status == status, "\(method) \(path): \(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.error?.0 == error, "\(method) \(path): \(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.error?.1 == reason, "\(method) \(path): \(reply.text)", sourceLocation: sourceLocation)
    }

    /// A user with the given tags and full permissions on `/` (unless `permissions` says otherwise).
    func addUser(_ name: String, tags: String, permissions: (String, String, String)? = (".*", ".*", ".*")) async throws {
        try await expect(.created, .put, "/api/users/\(name)", #"{"password":"pw","tags":"\#(tags)"}"#)
        if let (configure, write, read) = permissions {
            try await expect(.created, .put, "/api/permissions/%2F/\(name)", #"{"configure":"\#(configure)","write":"\#(write)","read":"\#(read)"}"#)
        }
    }
}
