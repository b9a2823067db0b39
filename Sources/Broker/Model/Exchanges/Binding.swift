import AMQP

/// Where a binding leads: a queue, or another exchange (exchange-to-exchange binding).
public enum BindingDestination: Hashable, Sendable {
    case queue(String)
    case exchange(String)

    public var name: String {
        switch self {
        case .queue(let name), .exchange(let name): name
        }
    }

    public var kind: ResourceKind {
        switch self {
        case .queue: .queue
        case .exchange: .exchange
        }
    }
}

/// A binding from a source exchange to a destination. Its identity is all four fields, with
/// the arguments sorted by name (rabbit_binding sorts them), so the same key may bind one
/// destination twice with different arguments.
public struct Binding: Hashable, Sendable {
    public let source: String
    public let destination: BindingDestination
    public let routingKey: String
    public let arguments: FieldTable

    public init(source: String, destination: BindingDestination, routingKey: String, arguments: FieldTable = FieldTable()) {
        self.source = source
        self.destination = destination
        self.routingKey = routingKey
        self.arguments = arguments.sortedByName()
    }
}
