import AMQP
import Broker

/// Basic properties in the API's JSON: the AMQP property names with underscores, headers as
/// an object; only properties that are set appear.
enum MessageProperties {
    static func encode(_ properties: BasicProperties) -> JSONValue {
        var members: [String: JSONValue] = [:]
        func put(_ name: String, _ value: String?) { if let value { members[name] = .string(value) } }
        put("content_type", properties.contentType)
        put("content_encoding", properties.contentEncoding)
        if let headers = properties.headers { members["headers"] = .object(headers) }
        if let mode = properties.deliveryMode { members["delivery_mode"] = .integer(Int64(mode)) }
        if let priority = properties.priority { members["priority"] = .integer(Int64(priority)) }
        put("correlation_id", properties.correlationID)
        put("reply_to", properties.replyTo)
        put("expiration", properties.expiration)
        put("message_id", properties.messageID)
        if let timestamp = properties.timestamp { members["timestamp"] = .integer(Int64(clamping: timestamp)) }
        put("type", properties.type)
        put("user_id", properties.userID)
        put("app_id", properties.appID)
        put("cluster_id", properties.clusterID)
        return .object(members)
    }

    /// The `properties` object of a publish. Unknown names are ignored; a wrong type is a 400
    /// naming the property.
    static func decode(_ value: JSONValue?) throws(ManagementError) -> BasicProperties {
        var properties = BasicProperties()
        guard case .object(let members)? = value else { return properties }
        func text(_ name: String) throws(ManagementError) -> String? {
            switch members[name] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case let other?: throw .badRequest(.array(["invalid_property", .string(name), other]))
            }
        }
        func octet(_ name: String) throws(ManagementError) -> UInt8? {
            switch members[name] {
            case nil, .null?: return nil
            case .integer(let value)? where (0...255).contains(value): return UInt8(value)
            case let other?: throw .badRequest(.array(["invalid_property", .string(name), other]))
            }
        }
        properties.contentType = try text("content_type")
        properties.contentEncoding = try text("content_encoding")
        if let headers = members["headers"], headers != .null {
            do throws(JSONValue.ArgumentError) {
                properties.headers = try headers.fieldTable()
            } catch {
                throw .badRequest(.array(["invalid_property", "headers", .string(error.reason)]))
            }
        }
        properties.deliveryMode = try octet("delivery_mode")
        properties.priority = try octet("priority")
        properties.correlationID = try text("correlation_id")
        properties.replyTo = try text("reply_to")
        properties.expiration = try text("expiration")
        properties.messageID = try text("message_id")
        switch members["timestamp"] {
        case nil, .null?: break
        case .integer(let value)? where value >= 0: properties.timestamp = UInt64(value)
        case let other?: throw .badRequest(.array(["invalid_property", "timestamp", other]))
        }
        properties.type = try text("type")
        properties.userID = try text("user_id")
        properties.appID = try text("app_id")
        properties.clusterID = try text("cluster_id")
        return properties
    }
}
