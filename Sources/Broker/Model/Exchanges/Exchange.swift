import AMQP

/// An exchange of one virtual host, with the bindings it is the source of, indexed for its
/// type's routing. Owned and changed only by its `VirtualHost`.
public final class Exchange {
    public let name: String
    public let type: ExchangeType
    public let durable: Bool
    /// Deleted when its last binding as source goes (never just for having none).
    public let autoDelete: Bool
    /// Clients cannot publish to it; other exchanges can route to it.
    public let `internal`: Bool
    public let arguments: FieldTable

    /// Where messages this exchange cannot route go (`alternate-exchange` argument).
    public var alternateExchange: String? { arguments["alternate-exchange"]?.stringValue }

    /// The bindings this exchange is the source of.
    public private(set) var bindings: Set<Binding> = []

    // Routing indexes: counts, since one destination may be bound several times.
    private var direct: [String: [BindingDestination: Int]] = [:]
    private var fanout: [BindingDestination: Int] = [:]
    private var topic: TopicTrie?
    private var headers: [(pattern: [FieldTable.Entry], mode: HeadersMatch.Mode, destination: BindingDestination)] = []

    init(name: String, type: ExchangeType, durable: Bool, autoDelete: Bool, internal: Bool, arguments: FieldTable) {
        self.name = name
        self.type = type
        self.durable = durable
        self.autoDelete = autoDelete
        self.internal = `internal`
        self.arguments = arguments
        if type == .topic { topic = TopicTrie() }
    }

    /// The plain fields, for the durability journal and the management API.
    public var definition: ExchangeDefinition {
        ExchangeDefinition(name: name, type: type, durable: durable, autoDelete: autoDelete, internal: `internal`, arguments: arguments)
    }

    /// Adds a binding; false when it already existed.
    @discardableResult
    func add(_ binding: Binding) -> Bool {
        guard bindings.insert(binding).inserted else { return false }
        let destination = binding.destination
        switch type {
        case .direct: direct[binding.routingKey, default: [:]][destination, default: 0] += 1
        case .fanout: fanout[destination, default: 0] += 1
        case .topic: topic?.add(key: binding.routingKey, destination: destination)
        case .headers:
            headers.append((binding.arguments.entries, HeadersMatch.mode(of: binding.arguments), destination))
        }
        return true
    }

    /// Removes a binding; false when there was none.
    @discardableResult
    func remove(_ binding: Binding) -> Bool {
        guard bindings.remove(binding) != nil else { return false }
        let destination = binding.destination
        switch type {
        case .direct:
            if var byDestination = direct[binding.routingKey] {
                Self.decrement(&byDestination, destination)
                direct[binding.routingKey] = byDestination.isEmpty ? nil : byDestination
            }
        case .fanout: Self.decrement(&fanout, destination)
        case .topic: topic?.remove(key: binding.routingKey, destination: destination)
        case .headers:
            if let index = headers.firstIndex(where: { $0.destination == destination && $0.pattern == binding.arguments.entries }) {
                headers.remove(at: index)
            }
        }
        return true
    }

    private static func decrement(_ counts: inout [BindingDestination: Int], _ destination: BindingDestination) {
        guard let count = counts[destination] else { return }
        counts[destination] = count > 1 ? count - 1 : nil
    }

    /// The destinations this exchange's own bindings pick for a message (may repeat).
    func route(_ message: Message, into result: inout [BindingDestination]) {
        switch type {
        case .direct:
            for key in message.routingKeys {
                if let destinations = direct[key] { result.append(contentsOf: destinations.keys) }
            }
        case .fanout:
            result.append(contentsOf: fanout.keys)
        case .topic:
            for key in message.routingKeys { topic?.match(key, into: &result) }
        case .headers:
            guard !headers.isEmpty else { return }
            let data = (message.properties.headers ?? FieldTable()).sortedByName().entries
            for binding in headers where HeadersMatch.matches(pattern: binding.pattern, mode: binding.mode, headers: data) {
                result.append(binding.destination)
            }
        }
    }
}

/// An exchange's declared fields, as values.
public struct ExchangeDefinition: Hashable, Sendable {
    public var name: String
    public var type: ExchangeType
    public var durable: Bool
    public var autoDelete: Bool
    public var `internal`: Bool
    public var arguments: FieldTable

    public init(name: String, type: ExchangeType, durable: Bool, autoDelete: Bool, internal: Bool, arguments: FieldTable) {
        self.name = name
        self.type = type
        self.durable = durable
        self.autoDelete = autoDelete
        self.internal = `internal`
        self.arguments = arguments
    }
}
