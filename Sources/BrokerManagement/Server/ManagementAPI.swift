import AMQP
import Broker
import Hummingbird

/// RabbitMQ 3.10's management HTTP API over one broker node: the handlers (one file per kind
/// of object under Endpoints/) and what they share. Reads and changes of exchanges, queues and
/// bindings run on the node's loop (`BrokerNode.withModel`); users, vhosts and permissions go
/// to the node's access control.
public struct ManagementAPI: Sendable {
    public let node: BrokerNode
    /// The port the API listens on, for /api/overview's listeners.
    public let managementPort: Int
    /// The version the API reports itself as; clients compare it.
    public static let version = "3.10.8"

    public init(node: BrokerNode, managementPort: Int) {
        self.node = node
        self.managementPort = managementPort
    }

    var access: AccessControl { node.access }
    var nodeName: String { node.clusterName }

    /// The responder to give Hummingbird's `Application`.
    public var responder: ManagementResponder { ManagementResponder(api: self) }

    // MARK: Authorisation

    func authorize(_ user: User, _ requirement: Requirement, vhost: String?) throws(ManagementError) {
        switch requirement {
        case .management:
            return
        case .administrator:
            if !user.hasTag(.administrator) { throw .notAuthorised("Not administrator user") }
        case .vhost:
            guard let vhost, !user.hasTag(.administrator), access.vhostExists(vhost) else { return }
            if access.snapshot.permission(user: user.name, vhost: vhost) == nil {
                throw .notAuthorised("User not authorised to access virtual host")
            }
        }
    }

    /// The vhosts whose objects a user's listings show: all for administrators and monitoring
    /// users, else those the user has permissions in (list_login_vhosts). Nil means all.
    func visibleVhosts(_ user: User) -> Set<String>? {
        if user.hasTag(.administrator) || user.hasTag(.monitoring) { return nil }
        return Set(access.snapshot.permissions.filter { $0.user == user.name }.map(\.vhost))
    }

    /// The vhosts a listing covers: one (404 if it does not exist) or every visible one.
    func vhostsToList(_ request: ManagementRequest) throws(ManagementError) -> Set<String>? {
        if let vhost = request.parameters["vhost"] {
            guard access.vhostExists(vhost) else { throw .objectNotFound }
            return [vhost]
        }
        return visibleVhosts(request.user)
    }

    /// The vhost a change names, which must exist: `vhost_not_found` otherwise
    /// (rabbit_mgmt_util:with_vhost_and_props).
    func existingVhost(_ request: ManagementRequest) throws(ManagementError) -> String {
        let vhost = request.parameter("vhost")
        guard access.vhostExists(vhost) else { throw .notFound("vhost_not_found") }
        return vhost
    }

    // MARK: The model

    /// Runs `body` on the node's loop with the model.
    func model<T: Sendable>(_ body: @escaping @Sendable (BrokerState) throws -> T) async throws -> T {
        try await node.withModel(body)
    }
}

/// Exchange names in paths: `amq.default` is the default exchange `""` (rabbit_mgmt_util:id).
func exchangeName(_ pathName: String) -> String {
    pathName == "amq.default" ? "" : pathName
}
