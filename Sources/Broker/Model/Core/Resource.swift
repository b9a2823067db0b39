/// What kind of entity a name refers to, for RabbitMQ's `rabbit_misc:rs/1` texts.
public enum ResourceKind: String, Sendable {
    case exchange
    case queue
}

/// `"queue 'q' in vhost '/'"`: how RabbitMQ names an entity in every error text.
@inlinable
public func describeResource(_ kind: ResourceKind, _ name: String, vhost: String) -> String {
    "\(kind.rawValue) '\(name)' in vhost '\(vhost)'"
}
