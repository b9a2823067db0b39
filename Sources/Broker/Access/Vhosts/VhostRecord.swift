/// A virtual host as access control and the management API know it. The entities inside it
/// (exchanges, queues, bindings) belong to the model (`VirtualHost`).
public struct VhostRecord: Hashable, Sendable {
    public var name: String
    public var description: String
    public var tags: [String]

    public init(name: String, description: String = "", tags: [String] = []) {
        self.name = name
        self.description = description
        self.tags = tags
    }

    /// The vhost RabbitMQ creates on first boot (rabbit:insert_default_data).
    public static let defaultVhost = VhostRecord(name: "/", description: "Default virtual host")
}
