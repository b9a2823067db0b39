/// Every virtual host of the broker, sharing one clock and one journal. Owned by the same
/// loop as the hosts it holds.
public final class BrokerState {
    public let clock: BrokerClock
    public var journal: DurabilityJournal? {
        didSet { for host in virtualHosts.values { host.journal = journal } }
    }
    public private(set) var virtualHosts: [String: VirtualHost] = [:]

    /// Starts with the default vhost `/`, as a fresh RabbitMQ node does.
    public init(clock: BrokerClock = SystemClock(), journal: DurabilityJournal? = nil, defaultVirtualHost: String? = "/") {
        self.clock = clock
        self.journal = journal
        if let defaultVirtualHost { addVirtualHost(defaultVirtualHost) }
    }

    public func virtualHost(named name: String) -> VirtualHost? { virtualHosts[name] }

    /// Creates the vhost (with its built-in exchanges) or returns the existing one.
    @discardableResult
    public func addVirtualHost(_ name: String) -> VirtualHost {
        if let existing = virtualHosts[name] { return existing }
        let host = VirtualHost(name: name, clock: clock, journal: journal)
        virtualHosts[name] = host
        return host
    }

    /// Deletes the vhost and everything in it. Channels on it must be closed first.
    public func deleteVirtualHost(_ name: String) {
        guard let host = virtualHosts.removeValue(forKey: name) else { return }
        for queue in Array(host.queues.values) { host.removeQueue(queue) }
    }

    /// A connection closed: its exclusive queues go, in whichever vhost.
    public func connectionClosed(_ connection: ConnectionID) {
        for host in virtualHosts.values { host.connectionClosed(connection) }
    }

    /// The earliest timer deadline over all vhosts (see `VirtualHost.nextDeadline`).
    public var nextDeadline: Int64? { virtualHosts.values.compactMap(\.nextDeadline).min() }

    public func runTimers() {
        for host in virtualHosts.values { host.runTimers() }
    }
}
