import Broker
import Hummingbird

/// /api/users (administrators only).
extension ManagementAPI {
    func listUsers(_ request: ManagementRequest) async throws -> Response {
        let users = access.snapshot.users.values.sorted { $0.name < $1.name }
        return JSONResponse.make(.array(users.map(ManagementJSON.user)))
    }

    func getUser(_ request: ManagementRequest) async throws -> Response {
        guard let user = access.user(named: request.parameter("user")) else { throw ManagementError.objectNotFound }
        return JSONResponse.make(ManagementJSON.user(user))
    }

    /// PUT: `tags` is mandatory (`tags_not_present`); then `password`, or `password_hash` with
    /// an optional `hashing_algorithm`, or neither (a user who cannot log in with a password).
    /// The user's permissions stay when it is replaced.
    func putUser(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("user")
        let body = try request.json()
        guard let tags = try body.tags("tags") else { throw ManagementError.badRequest("tags_not_present") }
        let hash: PasswordHash?
        if let password = try body.string("password") {
            hash = PasswordHash(hashing: password)
        } else if let text = try body.string("password_hash") {
            var algorithm = PasswordHashingAlgorithm.sha256
            if let named = try body.string("hashing_algorithm") {
                guard let known = PasswordHashingAlgorithm(rawValue: named) else {
                    throw ManagementError.badRequest(.array(["unknown_hashing_algorithm", .string(named)]))
                }
                algorithm = known
            }
            guard let decoded = PasswordHash(base64: text, algorithm: algorithm) else {
                throw ManagementError.badRequest(.array(["not_base64", .string(text)]))
            }
            hash = decoded.bytes.isEmpty ? nil : decoded
        } else {
            hash = nil
        }
        let existed = access.user(named: name) != nil
        access.putUser(User(name: name, passwordHash: hash, tags: tags.map { UserTag($0) }))
        return JSONResponse.created(!existed)
    }

    func deleteUser(_ request: ManagementRequest) async throws -> Response {
        do {
            try access.deleteUser(request.parameter("user"))
        } catch {
            throw ManagementError.objectNotFound
        }
        return JSONResponse.noContent
    }

    func userPermissions(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("user")
        guard access.user(named: name) != nil else { throw ManagementError.objectNotFound }
        let permissions = access.snapshot.permissions.filter { $0.user == name }
        return JSONResponse.make(.array(permissions.map(ManagementJSON.permission)))
    }

    func userTopicPermissions(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("user")
        guard access.user(named: name) != nil else { throw ManagementError.objectNotFound }
        let permissions = access.snapshot.topicPermissions.filter { $0.user == name }
        return JSONResponse.make(.array(permissions.map(ManagementJSON.topicPermission)))
    }
}
