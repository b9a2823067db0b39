import Broker
import Hummingbird

/// /api/permissions and /api/topic-permissions (administrators only).
extension ManagementAPI {
    func listPermissions(_ request: ManagementRequest) async throws -> Response {
        JSONResponse.make(.array(access.snapshot.permissions.map(ManagementJSON.permission)))
    }

    func getPermission(_ request: ManagementRequest) async throws -> Response {
        guard let permission = access.snapshot.permission(user: request.parameter("user"), vhost: request.parameter("vhost")) else {
            throw ManagementError.objectNotFound
        }
        return JSONResponse.make(ManagementJSON.permission(permission))
    }

    /// PUT: `configure`, `write` and `read` are all mandatory.
    func putPermission(_ request: ManagementRequest) async throws -> Response {
        let (user, vhost) = (request.parameter("user"), request.parameter("vhost"))
        let body = try request.json()
        try body.require(["configure", "write", "read"])
        let permission = UserPermission(
            user: user, vhost: vhost, configure: try body.string("configure") ?? "", write: try body.string("write") ?? "",
            read: try body.string("read") ?? "")
        let existed = access.snapshot.permission(user: user, vhost: vhost) != nil
        try setPermission { () throws(AccessStoreError) in try access.setPermission(permission) }
        return JSONResponse.created(!existed)
    }

    func deletePermission(_ request: ManagementRequest) async throws -> Response {
        let (user, vhost) = (request.parameter("user"), request.parameter("vhost"))
        guard access.snapshot.permission(user: user, vhost: vhost) != nil else { throw ManagementError.objectNotFound }
        try access.clearPermission(user: user, vhost: vhost)
        return JSONResponse.noContent
    }

    func listTopicPermissions(_ request: ManagementRequest) async throws -> Response {
        JSONResponse.make(.array(access.snapshot.topicPermissions.map(ManagementJSON.topicPermission)))
    }

    /// GET …/{vhost}/{user}: the user's topic permissions in the vhost, one per exchange;
    /// 404 when there are none.
    func getTopicPermissions(_ request: ManagementRequest) async throws -> Response {
        let entries = topicPermissions(request)
        guard !entries.isEmpty else { throw ManagementError.objectNotFound }
        return JSONResponse.make(.array(entries.map(ManagementJSON.topicPermission)))
    }

    /// PUT: `exchange`, `write` and `read` are mandatory; one entry per exchange.
    func putTopicPermission(_ request: ManagementRequest) async throws -> Response {
        let (user, vhost) = (request.parameter("user"), request.parameter("vhost"))
        let body = try request.json()
        try body.require(["exchange", "write", "read"])
        let permission = TopicPermission(
            user: user, vhost: vhost, exchange: try body.string("exchange") ?? "", write: try body.string("write") ?? "",
            read: try body.string("read") ?? "")
        let existed = access.snapshot.topicPermission(user: user, vhost: vhost, exchange: permission.exchange) != nil
        try setPermission { () throws(AccessStoreError) in try access.setTopicPermission(permission) }
        return JSONResponse.created(!existed)
    }

    /// DELETE: every topic permission of the user in the vhost (or only `?exchange=`'s).
    func deleteTopicPermissions(_ request: ManagementRequest) async throws -> Response {
        guard !topicPermissions(request).isEmpty else { throw ManagementError.objectNotFound }
        try access.clearTopicPermissions(user: request.parameter("user"), vhost: request.parameter("vhost"), exchange: request.query["exchange"])
        return JSONResponse.noContent
    }

    private func topicPermissions(_ request: ManagementRequest) -> [TopicPermission] {
        let (user, vhost) = (request.parameter("user"), request.parameter("vhost"))
        return access.snapshot.topicPermissions.filter { $0.user == user && $0.vhost == vhost }
    }

    /// The store's refusals as rabbit_mgmt_wm_permission words them.
    private func setPermission(_ change: () throws(AccessStoreError) -> Void) throws(ManagementError) {
        do throws(AccessStoreError) {
            try change()
        } catch {
            switch error {
            case .noSuchUser, .noSuchVhost: throw .badRequest("vhost_or_user_not_found")
            case .invalidRegex(let pattern):
                throw .badRequest(.array(["invalid_regexp", .array(pattern.unicodeScalars.map { .integer(Int64($0.value)) })]))
            }
        }
    }
}
