import AMQP

/// RabbitMQ's definitions document, as GET /api/definitions returns it and definitions import
/// (`load_definitions`, POST /api/definitions) reads it. Access control imports the users,
/// vhosts, permissions and topic permissions (`AccessState.importing`); the model takes the
/// exchanges, queues and bindings; parameters and policies are kept as they came.
public struct Definitions: Hashable, Sendable {
    public var rabbitVersion: String?
    public var rabbitmqVersion: String?
    public var productName: String?
    public var productVersion: String?
    public var users: [User] = []
    public var vhosts: [Vhost] = []
    public var permissions: [Permission] = []
    public var topicPermissions: [TopicPermission] = []
    public var parameters: [Parameter] = []
    public var globalParameters: [GlobalParameter] = []
    public var policies: [Policy] = []
    public var queues: [Queue] = []
    public var exchanges: [Exchange] = []
    public var bindings: [Binding] = []

    public init() {}

    public struct User: Hashable, Sendable {
        public var name: String
        /// Base64 of salt and digest; absent or empty for a user without a password.
        public var passwordHash: String?
        /// A cleartext password, which RabbitMQ also accepts on import (hashed then).
        public var password: String?
        /// A `rabbit_password_hashing_*` module; absent in files older than 3.6.1.
        public var hashingAlgorithm: String?
        /// nil when the file had no `tags` (RabbitMQ refuses that: `tags_not_present`).
        /// Read from a comma-separated string or a list; written as a list, as 3.10 does.
        public var tags: [String]?
        public var limits: JSONValue?

        public init(
            name: String, passwordHash: String? = nil, password: String? = nil, hashingAlgorithm: String? = nil,
            tags: [String]? = [], limits: JSONValue? = nil
        ) {
            self.name = name
            self.passwordHash = passwordHash
            self.password = password
            self.hashingAlgorithm = hashingAlgorithm
            self.tags = tags
            self.limits = limits
        }
    }

    public struct Vhost: Hashable, Sendable {
        public var name: String
        /// 3.10 exports only the name; description and tags are read (also from `metadata`)
        /// and written when present.
        public var description: String?
        public var tags: [String]?
        public var metadata: JSONValue?
        public var limits: JSONValue?

        public init(name: String, description: String? = nil, tags: [String]? = nil, metadata: JSONValue? = nil, limits: JSONValue? = nil) {
            self.name = name
            self.description = description
            self.tags = tags
            self.metadata = metadata
            self.limits = limits
        }
    }

    /// The store's own records, whose fields are the file's keys.
    public typealias Permission = UserPermission
    public typealias TopicPermission = Broker.TopicPermission

    public struct Parameter: Hashable, Sendable, Codable {
        public var vhost: String
        public var component: String
        public var name: String
        public var value: JSONValue

        public init(vhost: String, component: String, name: String, value: JSONValue) {
            self.vhost = vhost
            self.component = component
            self.name = name
            self.value = value
        }
    }

    public struct GlobalParameter: Hashable, Sendable, Codable {
        public var name: String
        public var value: JSONValue

        public init(name: String, value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    public struct Policy: Hashable, Sendable, Codable {
        public var vhost: String
        public var name: String
        public var pattern: String
        public var definition: JSONValue
        public var priority: Int64?
        public var applyTo: String?

        enum CodingKeys: String, CodingKey {
            case vhost, name, pattern, definition, priority, applyTo = "apply-to"
        }

        public init(vhost: String, name: String, pattern: String, definition: JSONValue, priority: Int64? = nil, applyTo: String? = nil) {
            self.vhost = vhost
            self.name = name
            self.pattern = pattern
            self.definition = definition
            self.priority = priority
            self.applyTo = applyTo
        }
    }

    public struct Queue: Hashable, Sendable {
        public var name: String
        public var vhost: String
        public var durable: Bool
        public var autoDelete: Bool
        public var arguments: FieldTable
        /// `classic`, `quorum`, `stream`: read when present (3.10's own export leaves it out).
        public var type: String?

        public init(name: String, vhost: String, durable: Bool = true, autoDelete: Bool = false, arguments: FieldTable = [:], type: String? = nil) {
            self.name = name
            self.vhost = vhost
            self.durable = durable
            self.autoDelete = autoDelete
            self.arguments = arguments
            self.type = type
        }
    }

    public struct Exchange: Hashable, Sendable {
        public var name: String
        public var vhost: String
        public var type: String
        public var durable: Bool
        public var autoDelete: Bool
        public var `internal`: Bool
        public var arguments: FieldTable

        public init(
            name: String, vhost: String, type: String, durable: Bool = true, autoDelete: Bool = false, internal: Bool = false,
            arguments: FieldTable = [:]
        ) {
            self.name = name
            self.vhost = vhost
            self.type = type
            self.durable = durable
            self.autoDelete = autoDelete
            self.internal = `internal`
            self.arguments = arguments
        }
    }

    public struct Binding: Hashable, Sendable {
        public enum DestinationType: String, Hashable, Sendable, Codable {
            case queue
            case exchange
        }

        public var source: String
        public var vhost: String
        public var destination: String
        public var destinationType: DestinationType
        public var routingKey: String
        public var arguments: FieldTable

        public init(source: String, vhost: String, destination: String, destinationType: DestinationType, routingKey: String, arguments: FieldTable = [:]) {
            self.source = source
            self.vhost = vhost
            self.destination = destination
            self.destinationType = destinationType
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }
}
