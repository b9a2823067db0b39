import AMQP
import Foundation

extension Definitions {
    /// Reads a definitions document. Every error names the key path and the reason.
    public static func decode(json: some Sequence<UInt8>) throws(DefinitionsError) -> Definitions {
        do {
            return try JSONDecoder().decode(Definitions.self, from: Data(json))
        } catch let error as DecodingError {
            throw DefinitionsError(error)
        } catch {
            throw DefinitionsError(path: "", reason: "\(error)")
        }
    }

    /// The document as JSON, members in key order.
    public func json(pretty: Bool = false) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Every value here encodes; a failure would be a bug in these encoders.
        return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
    }
}

extension Definitions: Codable {
    enum CodingKeys: String, CodingKey {
        case rabbitVersion = "rabbit_version", rabbitmqVersion = "rabbitmq_version", productName = "product_name"
        case productVersion = "product_version", users, vhosts, permissions, topicPermissions = "topic_permissions"
        case parameters, globalParameters = "global_parameters", policies, queues, exchanges, bindings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rabbitVersion = try c.decodeIfPresent(String.self, forKey: .rabbitVersion)
        rabbitmqVersion = try c.decodeIfPresent(String.self, forKey: .rabbitmqVersion)
        productName = try c.decodeIfPresent(String.self, forKey: .productName)
        productVersion = try c.decodeIfPresent(String.self, forKey: .productVersion)
        users = try c.decodeIfPresent([User].self, forKey: .users) ?? []
        vhosts = try c.decodeIfPresent([Vhost].self, forKey: .vhosts) ?? []
        permissions = try c.decodeIfPresent([Permission].self, forKey: .permissions) ?? []
        topicPermissions = try c.decodeIfPresent([TopicPermission].self, forKey: .topicPermissions) ?? []
        parameters = try c.decodeIfPresent([Parameter].self, forKey: .parameters) ?? []
        globalParameters = try c.decodeIfPresent([GlobalParameter].self, forKey: .globalParameters) ?? []
        policies = try c.decodeIfPresent([Policy].self, forKey: .policies) ?? []
        queues = try c.decodeIfPresent([Queue].self, forKey: .queues) ?? []
        exchanges = try c.decodeIfPresent([Exchange].self, forKey: .exchanges) ?? []
        bindings = try c.decodeIfPresent([Binding].self, forKey: .bindings) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(rabbitVersion, forKey: .rabbitVersion)
        try c.encodeIfPresent(rabbitmqVersion, forKey: .rabbitmqVersion)
        try c.encodeIfPresent(productName, forKey: .productName)
        try c.encodeIfPresent(productVersion, forKey: .productVersion)
        try c.encode(users, forKey: .users)
        try c.encode(vhosts, forKey: .vhosts)
        try c.encode(permissions, forKey: .permissions)
        try c.encode(topicPermissions, forKey: .topicPermissions)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(globalParameters, forKey: .globalParameters)
        try c.encode(policies, forKey: .policies)
        try c.encode(queues, forKey: .queues)
        try c.encode(exchanges, forKey: .exchanges)
        try c.encode(bindings, forKey: .bindings)
    }
}

extension Definitions.User: Codable {
    enum CodingKeys: String, CodingKey {
        case name, passwordHash = "password_hash", password, hashingAlgorithm = "hashing_algorithm", tags, limits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        passwordHash = try c.decodeIfPresent(String.self, forKey: .passwordHash)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        hashingAlgorithm = try c.decodeIfPresent(String.self, forKey: .hashingAlgorithm)
        tags = try c.decodeTags(forKey: .tags)
        limits = try c.decodeIfPresent(JSONValue.self, forKey: .limits)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(passwordHash, forKey: .passwordHash)
        try c.encodeIfPresent(password, forKey: .password)
        try c.encodeIfPresent(hashingAlgorithm, forKey: .hashingAlgorithm)
        try c.encode(tags ?? [], forKey: .tags)
        try c.encodeIfPresent(limits, forKey: .limits)
    }
}

extension Definitions.Vhost: Codable {
    enum CodingKeys: String, CodingKey {
        case name, description, tags, metadata, limits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
        limits = try c.decodeIfPresent(JSONValue.self, forKey: .limits)
        // rabbit_definitions:add_vhost: the top-level field, else the one in metadata.
        var fromMetadata: (description: String?, tags: [String]?) = (nil, nil)
        if case .object(let members)? = metadata {
            if case .string(let text)? = members["description"] { fromMetadata.description = text }
            if case .array(let items)? = members["tags"] {
                fromMetadata.tags = items.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
            }
        }
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? fromMetadata.description
        tags = try c.decodeTags(forKey: .tags) ?? fromMetadata.tags
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(tags, forKey: .tags)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(limits, forKey: .limits)
    }
}

extension Definitions.Queue: Codable {
    enum CodingKeys: String, CodingKey {
        case name, vhost, durable, autoDelete = "auto_delete", arguments, type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        vhost = try c.decode(String.self, forKey: .vhost)
        durable = try c.decodeIfPresent(Bool.self, forKey: .durable) ?? false
        autoDelete = try c.decodeIfPresent(Bool.self, forKey: .autoDelete) ?? false
        arguments = try c.decodeArguments(forKey: .arguments)
        type = try c.decodeIfPresent(String.self, forKey: .type)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(vhost, forKey: .vhost)
        try c.encode(durable, forKey: .durable)
        try c.encode(autoDelete, forKey: .autoDelete)
        try c.encode(JSONValue.object(arguments), forKey: .arguments)
        try c.encodeIfPresent(type, forKey: .type)
    }
}

extension Definitions.Exchange: Codable {
    enum CodingKeys: String, CodingKey {
        case name, vhost, type, durable, autoDelete = "auto_delete", `internal`, arguments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        vhost = try c.decode(String.self, forKey: .vhost)
        type = try c.decode(String.self, forKey: .type)
        durable = try c.decodeIfPresent(Bool.self, forKey: .durable) ?? false
        autoDelete = try c.decodeIfPresent(Bool.self, forKey: .autoDelete) ?? false
        // Files from 2.2.0 and older have no `internal`: false, as rabbit_definitions assumes.
        `internal` = try c.decodeIfPresent(Bool.self, forKey: .internal) ?? false
        arguments = try c.decodeArguments(forKey: .arguments)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(vhost, forKey: .vhost)
        try c.encode(type, forKey: .type)
        try c.encode(durable, forKey: .durable)
        try c.encode(autoDelete, forKey: .autoDelete)
        try c.encode(`internal`, forKey: .internal)
        try c.encode(JSONValue.object(arguments), forKey: .arguments)
    }
}

extension Definitions.Binding: Codable {
    enum CodingKeys: String, CodingKey {
        case source, vhost, destination, destinationType = "destination_type", routingKey = "routing_key", arguments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        vhost = try c.decode(String.self, forKey: .vhost)
        destination = try c.decode(String.self, forKey: .destination)
        let kind = try c.decode(String.self, forKey: .destinationType)
        guard let destinationType = DestinationType(rawValue: kind) else {
            throw DecodingError.dataCorruptedError(
                forKey: .destinationType, in: c, debugDescription: "'\(kind)' is neither 'queue' nor 'exchange'")
        }
        self.destinationType = destinationType
        routingKey = try c.decodeIfPresent(String.self, forKey: .routingKey) ?? ""
        arguments = try c.decodeArguments(forKey: .arguments)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(vhost, forKey: .vhost)
        try c.encode(destination, forKey: .destination)
        try c.encode(destinationType, forKey: .destinationType)
        try c.encode(routingKey, forKey: .routingKey)
        try c.encode(JSONValue.object(arguments), forKey: .arguments)
    }
}

extension KeyedDecodingContainer {
    /// Tags as a comma-separated string (`"administrator,management"`) or a list of strings.
    fileprivate func decodeTags(forKey key: Key) throws -> [String]? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) {
            return UserTag.list(fromCommaSeparated: text).map(\.rawValue)
        }
        guard let list = try? decode([String].self, forKey: key) else {
            throw DecodingError.typeMismatch(
                [String].self,
                .init(codingPath: codingPath + [key], debugDescription: "expected a comma-separated string or a list of strings"))
        }
        return list.map { Substring($0).trimmingSpaces() }
    }

    /// Arguments as rabbit_definitions:args/1 reads them: absent or `[]` is no arguments, an
    /// object becomes a field table (see `JSONValue.fieldTable`).
    fileprivate func decodeArguments(forKey key: Key) throws -> FieldTable {
        guard contains(key) else { return [:] }
        let json = try decode(JSONValue.self, forKey: key)
        if case .array(let items) = json, items.isEmpty { return [:] }
        do {
            return try json.fieldTable()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key] + error.path, debugDescription: error.reason))
        }
    }
}
