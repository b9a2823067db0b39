import NIOCore
import RESP

/// CLIENT ID | INFO | LIST | KILL | GETNAME | SETNAME | UNBLOCK | HELP.
enum ClientCommands {
    static let container = CommandSpec(
        container: "client", group: .connection,
        subcommands: [
            CommandSpec("id", arity: 2, flags: "noscript loading stale", group: .connection) { call throws(RedisError) in
                call.reply.integer(call.client.id)
            },
            CommandSpec("info", arity: 2, flags: "noscript loading stale", group: .connection) { call throws(RedisError) in
                call.reply.verbatim(call.client.info() + "\n")
            },
            CommandSpec("list", arity: -2, flags: "admin noscript loading stale", group: .connection, handler: list),
            CommandSpec("kill", arity: -3, flags: "admin noscript loading stale", group: .connection, handler: kill),
            CommandSpec("getname", arity: 2, flags: "noscript loading stale", group: .connection) { call throws(RedisError) in
                call.reply.bulkOrNull(call.client.name)
            },
            CommandSpec("setname", arity: 3, flags: "noscript loading stale", group: .connection) { call throws(RedisError) in
                try setName(call.client, call.bytes(2))
                call.reply.ok()
            },
            CommandSpec("unblock", arity: -3, flags: "admin noscript loading stale", group: .connection, handler: unblock),
            CommandSpec("help", arity: 2, flags: "loading stale", group: .connection, handler: help),
        ])

    /// `clientSetNameOrReply`: printable ASCII without spaces; empty clears the name.
    static func setName(_ client: Client, _ name: Bytes) throws(RedisError) {
        let valid = name.withUnsafeBytes { raw in raw.allSatisfy { $0 >= 33 && $0 <= 126 } }
        guard valid else {
            throw RedisError("ERR Client names cannot contain spaces, newlines or special characters.")
        }
        client.name = name.isEmpty ? nil : name
    }

    static func list(_ call: inout Call) throws(RedisError) {
        var clients = call.node.clients.values.sorted { $0.id < $1.id }
        if call.count == 4 && call.keyword(2, "TYPE") {
            let type = call.string(3).lowercased()
            guard ["normal", "master", "replica", "slave", "pubsub"].contains(type) else {
                throw RedisError("ERR Unknown client type '\(call.string(3))'")
            }
            clients = clients.filter { $0.typeName == (type == "slave" ? "replica" : type) }
        } else if call.count >= 4 && call.keyword(2, "ID") {
            // In argument order, repeats included; any integer is valid, unknown ids are skipped.
            var listed: [Client] = []
            for i in 3..<call.count {
                let id = try call.int(i, error: RedisError("ERR Invalid client ID"))
                if let client = call.node.clients[Int(id)] { listed.append(client) }
            }
            clients = listed
        } else if call.count != 2 {
            throw .syntax
        }
        call.reply.verbatim(clients.map { $0.info() + "\n" }.joined())
    }

    /// Old form `CLIENT KILL addr:port` (+OK or error) and new form with filters (count).
    static func kill(_ call: inout Call) throws(RedisError) {
        let node = call.node
        if call.count == 3 {
            let addr = call.string(2)
            guard let victim = node.clients.values.first(where: { $0.remoteAddress == addr }) else {
                throw RedisError("ERR No such client")
            }
            kill(victim, by: call.client)
            call.reply.ok()
            return
        }
        var id: Int?
        var addr: String?
        var laddr: String?
        var type: String?
        var user: String?
        var skipMe = true
        var i = 2
        while i < call.count {
            guard i + 1 < call.count else { throw .syntax }
            let value = call.string(i + 1)
            if call.keyword(i, "ID") {
                guard let v = Int(value), v > 0 else { throw RedisError("ERR client-id should be greater than 0") }
                id = v
            } else if call.keyword(i, "ADDR") {
                addr = value
            } else if call.keyword(i, "LADDR") {
                laddr = value
            } else if call.keyword(i, "TYPE") {
                let t = value.lowercased()
                guard ["normal", "master", "replica", "slave", "pubsub"].contains(t) else {
                    throw RedisError("ERR Unknown client type '\(value)'")
                }
                type = t == "slave" ? "replica" : t
            } else if call.keyword(i, "USER") {
                user = value
            } else if call.keyword(i, "SKIPME") {
                switch value.lowercased() {
                case "yes": skipMe = true
                case "no": skipMe = false
                default: throw .syntax
                }
            } else {
                throw .syntax
            }
            i += 2
        }
        if let user, user != "default" { throw RedisError("ERR No such user '\(user)'") }
        var killed = 0
        for victim in node.clients.values {
            if let id, victim.id != id { continue }
            if let addr, victim.remoteAddress != addr { continue }
            if let laddr, victim.localAddress != laddr { continue }
            if let type, victim.typeName != type { continue }
            if skipMe && victim === call.client { continue }
            kill(victim, by: call.client)
            killed += 1
        }
        call.reply.integer(killed)
    }

    /// The current client is closed after its reply; others at once.
    private static func kill(_ victim: Client, by caller: Client) {
        if victim === caller {
            victim.closeAfterReply = true
        } else {
            victim.close()
        }
    }

    static func unblock(_ call: inout Call) throws(RedisError) {
        guard call.count <= 4 else { throw .syntax }
        let id = try call.int(2)
        var withError = false
        if call.count == 4 {
            if call.keyword(3, "ERROR") {
                withError = true
            } else if !call.keyword(3, "TIMEOUT") {
                throw RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
            }
        }
        guard let target = call.node.clients[Int(id)], target.blocked != nil else {
            call.reply.integer(0)
            return
        }
        let waitingForReplicas = target.blocked?.spec.name == "wait"
        call.node.blocking.unblock(target)
        if withError {
            target.reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK")
        } else if waitingForReplicas {
            // WAIT answers as on a timeout: the replicas that acknowledged so far.
            target.reply.integer(call.node.replication.stopWaiting(target))
        } else {
            target.reply.nullArray()
        }
        call.node.resumeAfterUnblock(target)
        call.reply.integer(1)
    }

    static func help(_ call: inout Call) throws(RedisError) {
        let lines = [
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME", "    Return the name of the current connection.",
            "ID", "    Return the ID of the current connection.",
            "INFO", "    Return information about the current client connection.",
            "KILL <ip:port>", "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)", "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)", "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Kill connections by type.",
            "    * USER <username>", "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)", "      Skip killing current connection (default: yes).",
            "    * ID <client-id>", "      Kill connections by client id.",
            "LIST [options ...]", "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Return clients of specified type.",
            "SETNAME <name>", "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "HELP", "    Print this help.",
        ]
        call.reply.arrayHeader(lines.count)
        for l in lines { call.reply.simpleString(l) }
    }
}

extension Client {
    var typeName: String { isSubscribed ? "pubsub" : "normal" }

    /// One line of CLIENT LIST, fields as Redis 7.0 prints them. NIO does not expose the
    /// socket's descriptor, so `fd` is -1; memory fields describe our own buffers.
    func info() -> String {
        let now = Clock.milliseconds()
        var flags = ""
        if replicaPeer?.isAttached == true { flags += "S" }
        if isMasterLink { flags += "M" }
        if isSubscribed { flags += "P" }
        if inMulti { flags += "x" }
        if isBlocked { flags += "b" }
        if dirtyCAS { flags += "d" }
        if closeAfterReply { flags += "c" }
        if flags.isEmpty { flags = "N" }
        let qbuf = queryBufferLength
        let multiCount = multi.map { String($0.count) } ?? "-1"
        return
            "id=\(id) addr=\(remoteAddress) laddr=\(localAddress) fd=-1 name=\(name?.string ?? "") age=\((now - createdAt) / 1000) idle=\((now - lastInteraction) / 1000) flags=\(flags) db=\(database.id) sub=\(channels.count) psub=\(patterns.count) ssub=\(shardChannels.count) multi=\(multiCount) qbuf=\(qbuf) qbuf-free=\(queryBuffer?.writableBytes ?? 0) argv-mem=0 multi-mem=0 rbs=\(reply.buffer.capacity) rbp=\(reply.buffer.readableBytes) obl=\(reply.buffer.readableBytes) oll=0 omem=0 tot-mem=\(reply.buffer.capacity + (queryBuffer?.capacity ?? 0)) events=r cmd=\(lastCommand?.fullName ?? "NULL") user=default redir=-1 resp=\(protocolVersion.rawValue)"
    }
}
