/// A broker node whose durable state lives in `--data-dir`: the journal (durable exchanges,
/// queues, bindings, persistent messages) and the definitions file (users, vhosts,
/// permissions).
extension BrokerNode {
    /// Loads the saved access state (RabbitMQ's first-boot defaults when there is none),
    /// makes the node with the vhosts it names, opens the journal on the node's loop and
    /// restores what it holds. Throws, refusing to start, on a corrupt journal or
    /// definitions file. Every later access-control change (management API, definitions
    /// import) saves the definitions file; it is saved once here, so a first boot's defaults
    /// stick.
    public static func openDurable(
        configuration: BrokerConfiguration, dataDirectory: String, options: DurabilityLogOptions = .init()
    ) async throws -> (node: BrokerNode, definitions: DefinitionsPersistence) {
        let definitions = DefinitionsPersistence(directory: dataDirectory)
        let accessState = try definitions.loadAccessState() ?? .firstBoot()
        let state = BrokerState(defaultVirtualHost: nil)
        for vhost in accessState.vhosts.keys.sorted() { state.addVirtualHost(vhost) }
        let node = BrokerNode(configuration: configuration, access: AccessControl(state: accessState), state: state)
        try await node.loop.submit {
            let log = try DurabilityLog.open(directory: dataDirectory, eventLoop: node.loop, options: options, logger: node.logger)
            let report = log.restore(into: node.state)
            node.journal = log
            node.modelChanged()
            node.logger.info(
                "journal '\(log.path)': \(log.recovery.records) records read; restored \(report.exchanges) exchanges, \(report.queues) queues, \(report.bindings) bindings, \(report.messages) messages")
        }.get()
        try definitions.save(node.access)
        let access = node.access
        let logger = node.logger
        access.onChange {
            do { try definitions.save(access) } catch {
                // The change stands in memory; say loudly that it will not survive a restart.
                logger.critical("could not save definitions: \(error)")
            }
        }
        return (node, definitions)
    }
}

/// Publisher confirms wait for this: the completion runs once the journal has fsynced every
/// record handed over before the call, with `false` if a write or fsync failed — a confirm
/// must not claim durability we do not have, so the publisher gets a nack (the log has
/// reported the failure as critical and accepts nothing more).
extension DurabilityLog: SyncedJournal {
    public func whenSynced(_ completion: @escaping (_ synced: Bool) -> Void) {
        requestSync { result in
            switch result {
            case .success: completion(true)
            case .failure: completion(false)
            }
        }
    }
}
