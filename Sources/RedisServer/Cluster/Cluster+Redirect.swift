import NIOCore

/// Where a command must run (Redis's `getNodeByQuery` and `clusterRedirectClient`): here,
/// or an error that sends the client elsewhere (MOVED, ASK) or refuses (CROSSSLOT,
/// CLUSTERDOWN, TRYAGAIN).
extension Cluster {
    /// nil when `client` may run the command here.
    func redirection(for client: Client, spec: CommandSpec, args: [ByteBuffer]) -> RedisError? {
        // The common case without allocating: one key, in a stable slot we serve.
        if state == .ok && spec.firstKey > 0 && spec.firstKey == spec.lastKey && spec.movableKeys == nil
            && spec.firstKey < args.count
        {
            let slot = KeySlot.slot(for: args[spec.firstKey])
            if slots[slot] === myself && (migratingTo.isEmpty || migratingTo[slot] == nil)
                && (importingFrom.isEmpty || importingFrom[slot] == nil)
            {
                return nil
            }
        }
        var commands: [(CommandSpec, [ByteBuffer])] = [(spec, args)]
        if spec.name == "exec" {
            guard let queued = client.multi else { return nil }
            commands = queued.compactMap { q in node.resolveSpec(q).map { ($0, q) } }
        }
        var slot = -1
        var firstKey: ByteBuffer?
        var owner: ClusterNode?
        var multipleKeys = false
        var migrating = false
        var importing = false
        var missingKeys = 0
        var existingKeys = 0
        var isWrite = false
        var isShardPubSub = false
        for (spec, args) in commands {
            if spec.flags.contains(.write) { isWrite = true }
            if Cluster.shardPubSubCommands.contains(spec.name) { isShardPubSub = true }
            for i in spec.keyIndices(args) {
                let key = args[i]
                let keySlot = KeySlot.slot(for: key)
                if firstKey == nil {
                    firstKey = key
                    slot = keySlot
                    owner = slots[slot]
                    guard let o = owner else {
                        return RedisError("CLUSTERDOWN Hash slot not served")
                    }
                    if o === myself, migratingTo[slot] != nil {
                        migrating = true
                    } else if importingFrom[slot] != nil {
                        importing = true
                    }
                } else {
                    if keySlot != slot {
                        return RedisError("CROSSSLOT Keys in request don't hash to the same slot")
                    }
                    if !multipleKeys && key != firstKey! { multipleKeys = true }
                }
                // Shard channels are served by the source until the slot has moved.
                if (migrating || importing) && !Cluster.shardPubSubCommands.contains(spec.name) {
                    if node.databases[0].table.index(of: Bytes(key)) == nil {
                        missingKeys += 1
                    } else {
                        existingKeys += 1
                    }
                }
            }
        }
        guard let owner else { return nil }
        if state != .ok {
            if isShardPubSub {
                if !settings.allowPubsubShardWhenDown { return RedisError("CLUSTERDOWN The cluster is down") }
            } else if !settings.allowReadsWhenDown {
                return RedisError("CLUSTERDOWN The cluster is down")
            } else if isWrite {
                return RedisError("CLUSTERDOWN The cluster is down and only accepts read commands")
            }
        }
        if (migrating || importing) && spec.name == "migrate" { return nil }
        if migrating && missingKeys > 0, let target = migratingTo[slot] {
            // Some of the keys here, some gone already: the client must retry later.
            if existingKeys > 0 { return RedisError("TRYAGAIN Multiple keys request during rehashing of slot") }
            return RedisError("ASK \(slot) \(target.endpoint)")
        }
        if importing && (client.asking || spec.flags.contains(.asking)) {
            if multipleKeys && missingKeys > 0 {
                return RedisError("TRYAGAIN Multiple keys request during rehashing of slot")
            }
            return nil
        }
        if (client.clusterReadOnly || isShardPubSub) && !isWrite && myself.isReplica && myself.master === owner {
            return nil
        }
        if owner !== myself {
            return RedisError("MOVED \(slot) \(owner.endpoint)")
        }
        return nil
    }

    static let shardPubSubCommands: Set<String> = ["spublish", "ssubscribe", "sunsubscribe"]
}

extension RedisNode {
    /// The spec (or subcommand spec) `args` names, as dispatch would find it.
    func resolveSpec(_ args: [ByteBuffer]) -> CommandSpec? {
        guard !args.isEmpty, let spec = commands.lookup(args[0]) else { return nil }
        if !spec.subcommands.isEmpty, args.count >= 2, let sub = commands.subcommand(of: spec, args[1]) { return sub }
        return spec
    }
}
