import NIOCore
import RESP

extension RedisNode {
    /// Redis's `processCommand`: look the command up, check arity, auth, context and
    /// transaction state, then run it (or queue it inside MULTI).
    /// For callers without a Call of their own (AOF loading).
    func execute(_ client: Client, _ args: [ByteBuffer]) {
        var call = Call(node: self, client: client, args: args, spec: commands.commands[0])
        execute(&call)
    }

    /// `start`: when the previous command of the same batch ended, reused as this one's
    /// start so that each command costs one clock reading rather than two.
    func execute(_ call: inout Call, start previousEnd: Int64? = nil) {
        let client = call.client
        let args = call.args
        let start = previousEnd ?? clockMicroseconds()
        cachedTime = start / 1000
        if !inExec { commandTime = cachedTime }
        let name = args[0]

        if Self.looksLikeHTTP(name) {
            do {
                log.warning(
                    "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted."
                )
                client.close()
                return
            }
        }

        if let migrating = migratingClient, migrating !== client, !client.obeysUnconditionally {
            // A MIGRATE is in flight: Redis would not be reading anyone else meanwhile.
            client.pausedCommand = args.map { Self.owned($0) }
            pausedClients.append(client)
            return
        }
        guard var spec = commands.lookup(name) else {
            reject(client, unknownCommandError(args))
            return
        }
        if !spec.subcommands.isEmpty && (args.count >= 2 || spec.handler == nil) {
            guard args.count >= 2 else {
                reject(client, .wrongArity(spec.name), spec: spec)
                return
            }
            guard let sub = commands.subcommand(of: spec, args[1]) else {
                reject(
                    client,
                    RedisError(
                        "ERR unknown subcommand '\(Self.printable(args[1], limit: 128))'. Try \(spec.name.uppercased()) HELP."
                    ))
                return
            }
            spec = sub
        }
        if (spec.arity > 0 && args.count != spec.arity) || args.count < -spec.arity {
            reject(client, .wrongArity(spec.fullName), spec: spec)
            return
        }
        if spec.name == "debug" && !debugAllowed(client) {
            reject(
                client,
                RedisError(
                    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."
                ), spec: spec)
            return
        }
        if !client.authenticated && !spec.flags.contains(.noAuth) {
            reject(client, .noAuth, spec: spec)
            return
        }
        if client.inMulti && spec.flags.contains(.noMulti) {
            reject(client, RedisError("ERR Command not allowed inside a transaction"), spec: spec)
            return
        }
        if let cluster, !client.obeysUnconditionally,
            let redirect = cluster.redirection(for: client, spec: spec, args: args)
        {
            rejectRedirected(client, redirect, spec: spec)
            return
        }
        if writesPausedUntil != 0 && spec.flags.contains(.write) && !client.obeysUnconditionally
            && !client.inMulti && writesPausedUntil > cachedTime
        {
            // CLUSTER FAILOVER: the master holds writes until its replica has caught up.
            client.pausedCommand = args.map { Self.owned($0) }
            pausedClients.append(client)
            return
        }
        if spec.flags.contains(.write) || spec.name == "ping", let misconf = persistence.writeDeniedError {
            if spec.flags.contains(.write) || !client.inMulti {
                reject(client, misconf, spec: spec)
                return
            }
        }
        if replication.isReplica, let refusal = replication.refusal(of: spec, for: client) {
            reject(client, refusal, spec: spec)
            return
        }
        if client.isSubscribed && client.protocolVersion == .v2 && !Self.allowedWhileSubscribed.contains(spec.name) {
            reject(
                client,
                RedisError(
                    "ERR Can't execute '\(spec.fullName)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
                ), spec: spec)
            return
        }
        if client.inMulti && !Self.transactionControl.contains(spec.name) {
            client.multi!.append(args.map { Self.owned($0) })
            client.reply.buffer.writeStaticString("+QUEUED\r\n")
            return
        }
        call.spec = spec
        self.call(&call, start: start)
        if client.asking && spec.name != "asking" && !client.inMulti { client.asking = false }
        if blocking.hasReadyKeys { serveBlockedClients() }
    }

    /// `POST` or `Host:` as a command: someone is feeding HTTP to Redis (cross-protocol
    /// scripting); Redis drops such connections.
    static func looksLikeHTTP(_ name: ByteBuffer) -> Bool {
        let n = name.readableBytes
        guard n == 4 || n == 5 else { return false }
        return name.withUnsafeReadableBytes { raw in
            func lower(_ i: Int) -> UInt8 { raw[i] | 0x20 }
            if n == 4 {
                return lower(0) == UInt8(ascii: "p") && lower(1) == UInt8(ascii: "o") && lower(2) == UInt8(ascii: "s")
                    && lower(3) == UInt8(ascii: "t")
            }
            return lower(0) == UInt8(ascii: "h") && lower(1) == UInt8(ascii: "o") && lower(2) == UInt8(ascii: "s")
                && lower(3) == UInt8(ascii: "t") && raw[4] == UInt8(ascii: ":")
        }
    }

    static let allowedWhileSubscribed: Set<String> = [
        "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit",
        "reset",
    ]
    static let transactionControl: Set<String> = ["exec", "discard", "multi", "watch", "quit", "reset"]

    /// Runs `spec` for `client` with a Call of its own (EXEC, blocked clients).
    func call(_ client: Client, _ spec: CommandSpec, _ args: [ByteBuffer]) {
        var invocation = Call(node: self, client: client, args: args, spec: spec)
        call(&invocation)
    }

    /// Redis's `call`: run the handler, count it, and propagate what it changed.
    func call(_ invocation: inout Call, start: Int64? = nil) {
        let client = invocation.client
        let spec = invocation.spec
        let dirtyBefore = dirty
        let start = start ?? clockMicroseconds()
        client.lastCommand = spec
        invocation.propagation = nil
        invocation.forcePropagation = false
        if invocation.db !== client.database { invocation.db = client.database }
        var failed = false
        do {
            try spec.handler!(&invocation)
        } catch {
            client.reply.error(error.message)
            countError(error)
            failed = true
        }
        let end = clockMicroseconds()
        lastCallEnd = end
        stats.totalCommands += 1
        stats.commands[spec.statIndex].record(microseconds: max(0, end - start), failed: failed)
        if (dirty != dirtyBefore || invocation.forcePropagation) && hasPropagationTargets {
            if let custom = invocation.propagation {
                // Several effects of one command reach the AOF and replicas as one
                // transaction (Redis 7.0), unless they are already inside an EXEC.
                let wrap = custom.count > 1 && propagationBatch == nil
                if wrap { beginPropagationBatch() }
                for command in custom { propagate(db: client.database.id, command) }
                if wrap { endPropagationBatch() }
            } else {
                propagate(db: client.database.id, invocation.args.map { Bytes($0) })
            }
            // Where this client's writes end in the replication stream, for WAIT.
            client.replicationWriteOffset = replication.history.offset
        }
    }

    private func reject(_ client: Client, _ error: RedisError, spec: CommandSpec? = nil) {
        if client.inMulti { client.multiHasError = true }
        if let spec { stats.commands[spec.statIndex].rejected += 1 }
        if spec?.name == "exec" {
            client.reply.error("EXECABORT Transaction discarded because of: \(error.message.drop(while: { $0 != " " }).dropFirst())")
            discardTransaction(client)
        } else {
            client.reply.error(error.message)
        }
        countError(error)
    }

    /// A cluster redirection: EXEC itself gets the redirect and the transaction is dropped;
    /// a command queued in MULTI makes EXEC fail later.
    private func rejectRedirected(_ client: Client, _ error: RedisError, spec: CommandSpec) {
        if spec.name == "exec" {
            discardTransaction(client)
        } else if client.inMulti {
            client.multiHasError = true
        }
        stats.commands[spec.statIndex].rejected += 1
        client.reply.error(error.message)
        countError(error)
    }

    func countError(_ error: RedisError) {
        stats.totalErrorReplies += 1
        stats.errorCounts[String(error.code), default: 0] += 1
    }

    private func unknownCommandError(_ args: [ByteBuffer]) -> RedisError {
        var argText = ""
        var i = 1
        while i < args.count && argText.utf8.count < 128 {
            argText += "'\(Self.printable(args[i], limit: 128 - argText.utf8.count))' "
            i += 1
        }
        return RedisError(
            "ERR unknown command '\(Self.printable(args[0], limit: 128))', with args beginning with: \(argText)")
    }

    /// An argument for an error message: at most `limit` bytes, newlines as spaces.
    static func printable(_ buffer: ByteBuffer, limit: Int) -> String {
        let bytes = buffer.readableBytesView.prefix(max(0, limit)).map { $0 == 10 || $0 == 13 ? 32 : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A copy that does not pin the query buffer (for arguments kept beyond the command).
    static func owned(_ buffer: ByteBuffer) -> ByteBuffer {
        var copy = ByteBufferAllocator().buffer(capacity: buffer.readableBytes)
        copy.writeImmutableBuffer(buffer)
        return copy
    }

    private func debugAllowed(_ client: Client) -> Bool {
        switch config.enableDebugCommand {
        case .yes: return true
        case .no: return false
        case .local:
            return client.remoteAddress.hasPrefix("127.") || client.remoteAddress.hasPrefix("[::1]")
                || client.remoteAddress.hasPrefix("/")
        }
    }
}
