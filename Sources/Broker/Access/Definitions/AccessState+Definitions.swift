/// Definitions import and export for the access-control part: users, vhosts, permissions,
/// topic permissions, and the parameters and policies kept alongside.
extension AccessState {
    /// Applies the access-control parts of `definitions` as rabbit_definitions:apply_defs does
    /// (users, then vhosts, then permissions, then topic permissions; existing entries are
    /// updated, nothing is removed). Unlike RabbitMQ, which stops half-way, a failing import
    /// changes nothing.
    public mutating func importDefinitions(_ definitions: Definitions, matcher: PatternMatcher) throws(DefinitionsError) {
        var state = self
        let version = definitions.rabbitmqVersion ?? definitions.rabbitVersion
        for (index, entry) in definitions.users.enumerated() {
            state.putUser(try Self.user(from: entry, at: "users[\(index)]", version: version))
        }
        for entry in definitions.vhosts {
            state.putVhost(VhostRecord(name: entry.name, description: entry.description ?? "", tags: entry.tags ?? []))
        }
        for (index, entry) in definitions.permissions.enumerated() {
            do throws(AccessStoreError) {
                try state.setPermission(entry, matcher: matcher)
            } catch {
                throw Self.importError(error, at: "permissions[\(index)]", patterns: [
                    ("configure", entry.configure), ("write", entry.write), ("read", entry.read),
                ])
            }
        }
        for (index, entry) in definitions.topicPermissions.enumerated() {
            do throws(AccessStoreError) {
                try state.setTopicPermission(entry, matcher: matcher)
            } catch {
                throw Self.importError(error, at: "topic_permissions[\(index)]", patterns: [("write", entry.write), ("read", entry.read)])
            }
        }
        for parameter in definitions.parameters {
            state.parameters.removeAll { ($0.vhost, $0.component, $0.name) == (parameter.vhost, parameter.component, parameter.name) }
            state.parameters.append(parameter)
        }
        for parameter in definitions.globalParameters {
            state.globalParameters.removeAll { $0.name == parameter.name }
            state.globalParameters.append(parameter)
        }
        for policy in definitions.policies {
            state.policies.removeAll { ($0.vhost, $0.name) == (policy.vhost, policy.name) }
            state.policies.append(policy)
        }
        self = state
    }

    /// The access-control parts as 3.10's GET /api/definitions writes them: users with
    /// base64 hash, algorithm, tags as a list and empty limits; vhosts by name only (with
    /// description and tags when `vhostDetails`, for the broker's own persistence). The model
    /// fills in exchanges, queues and bindings.
    public func definitions(rabbitVersion: String = "3.10.8", vhostDetails: Bool = false) -> Definitions {
        var definitions = Definitions()
        definitions.rabbitVersion = rabbitVersion
        definitions.rabbitmqVersion = rabbitVersion
        definitions.productName = "RabbitMQ"
        definitions.productVersion = rabbitVersion
        definitions.users = users.values.sorted { $0.name < $1.name }.map { user in
            Definitions.User(
                name: user.name, passwordHash: user.passwordHash?.base64 ?? "",
                hashingAlgorithm: (user.passwordHash?.algorithm ?? .sha256).rawValue,
                tags: user.tags.map(\.rawValue), limits: .object([:]))
        }
        definitions.vhosts = vhosts.values.sorted { $0.name < $1.name }.map { vhost in
            vhostDetails ? Definitions.Vhost(name: vhost.name, description: vhost.description, tags: vhost.tags) : Definitions.Vhost(name: vhost.name)
        }
        definitions.permissions = permissions
        definitions.topicPermissions = topicPermissions
        definitions.parameters = parameters
        definitions.globalParameters = globalParameters
        definitions.policies = policies
        return definitions
    }

    /// rabbit_auth_backend_internal:put_user for one entry.
    private static func user(from entry: Definitions.User, at path: String, version: String?) throws(DefinitionsError) -> User {
        guard let tags = entry.tags else { throw DefinitionsError(path: "\(path).tags", reason: "missing (tags_not_present)") }
        if entry.password != nil, entry.passwordHash != nil {
            throw DefinitionsError(path: path, reason: "both password and password_hash are provided")
        }
        var algorithm = PasswordHashingAlgorithm.assumed(forDefinitionsVersion: version)
        if let name = entry.hashingAlgorithm {
            guard let named = PasswordHashingAlgorithm(rawValue: name) else {
                throw DefinitionsError(path: "\(path).hashing_algorithm", reason: "unknown hashing algorithm '\(name)'")
            }
            algorithm = named
        }
        let hash: PasswordHash?
        if let password = entry.password {
            hash = PasswordHash(hashing: password)
        } else if let text = entry.passwordHash {
            guard let decoded = PasswordHash(base64: text, algorithm: algorithm) else {
                throw DefinitionsError(path: "\(path).password_hash", reason: "'\(text)' is not valid base64")
            }
            hash = decoded.bytes.isEmpty ? nil : decoded
        } else {
            // Neither: a user that cannot log in with a password (an existing one loses it).
            hash = nil
        }
        return User(name: entry.name, passwordHash: hash, tags: tags.map { UserTag($0) })
    }

    private static func importError(_ error: AccessStoreError, at path: String, patterns: [(String, String)]) -> DefinitionsError {
        switch error {
        case .noSuchUser: return DefinitionsError(path: "\(path).user", reason: error.description)
        case .noSuchVhost: return DefinitionsError(path: "\(path).vhost", reason: error.description)
        case .invalidRegex(let pattern):
            let field = patterns.first { $0.1 == pattern }?.0
            return DefinitionsError(path: field.map { "\(path).\($0)" } ?? path, reason: error.description)
        }
    }
}

extension AccessControl {
    /// Imports the access-control parts of a definitions document atomically.
    public func importDefinitions(_ definitions: Definitions) throws(DefinitionsError) {
        let matcher = matcher
        let result: Result<Void, DefinitionsError> = withState { state in
            do throws(DefinitionsError) {
                try state.importDefinitions(definitions, matcher: matcher)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }
}
