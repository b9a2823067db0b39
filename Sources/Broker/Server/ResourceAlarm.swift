/// A resource alarm that blocks publishers, as RabbitMQ's memory and disk alarms do
/// (`rabbit_alarm`); raised and cleared through `BrokerNode.setAlarm`.
public enum ResourceAlarm: String, Hashable, Sendable, CaseIterable {
    case memory
    case disk

    /// The reason connection.blocked carries (rabbit_reader: "low on memory", "low on disk").
    public var blockedReason: String {
        switch self {
        case .memory: "low on memory"
        case .disk: "low on disk"
        }
    }
}
