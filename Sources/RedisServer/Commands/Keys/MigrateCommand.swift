import NIOCore
import RESP

/// MIGRATE and RESTORE-ASKING (Redis 7.0's `migrateCommand`): the keys that exist are
/// DUMPed, RESTOREd on the target over a cached connection, and deleted here once the
/// target acknowledged them (unless COPY). The transfer itself is `MigrateTransfer`.
enum MigrateCommand {
    static let all: [CommandSpec] = [
        CommandSpec(
            "migrate", arity: -6, flags: "write", keys: (3, 3, 1), group: .generic, categories: ["@dangerous"],
            movableKeys: keys, handler: migrate),
        // What MIGRATE sends in cluster mode: RESTORE, accepted in an importing slot.
        CommandSpec(
            "restore-asking", arity: -4, flags: "write denyoom asking", keys: (1, 1, 1), group: .server,
            categories: ["@keyspace", "@dangerous"], handler: DumpRestoreCommands.restore),
    ]

    /// `migrateGetKeys`: the key argument, or everything after KEYS.
    @Sendable static func keys(_ args: [ByteBuffer]) -> [Int] {
        var i = 6
        while i < args.count {
            if isKeyword(args[i], "keys") {
                guard args[3].readableBytes == 0 else { return [] }
                return Array(i + 1..<args.count)
            }
            i += 1
        }
        return args.count > 3 ? [3] : []
    }

    private static func isKeyword(_ arg: ByteBuffer, _ word: String) -> Bool {
        String(buffer: arg).lowercased() == word
    }

    static func migrate(_ call: inout Call) throws(RedisError) {
        let request = try MigrateRequest(call.args)
        // Keys that are gone are no error: they probably just expired (+NOKEY if all are).
        var found: [(key: Bytes, value: RedisValue, expireAt: Int64)] = []
        for key in request.keys {
            guard let value = call.lookupRead(key) else { continue }
            found.append((key, value, call.db.expireAt(key) ?? -1))
        }
        guard !found.isEmpty else {
            call.reply.simpleString("NOKEY")
            return
        }
        // The reply comes when the target answered; a transaction's replies cannot wait.
        guard !call.node.inExec else { throw MigrateRequest.insideTransaction }

        let config = call.node.config
        let options = RDBWriteOptions(limits: config.encoding, compression: config.rdbCompression)
        let now = Clock.milliseconds()
        var restores: [(key: Bytes, command: [Bytes])] = []
        let name: Bytes = call.node.cluster != nil ? "RESTORE-ASKING" : "RESTORE"
        for item in found {
            var ttl: Int64 = 0
            if item.expireAt >= 0 {
                ttl = item.expireAt - now
                if ttl < 0 { continue }
                if ttl < 1 { ttl = 1 }
            }
            let payload = RDBEncoder.dumpPayload(item.value, options: options)
            var command = [name, item.key, Bytes(ttl), payload.withUnsafeBytes { Bytes($0) }]
            if request.replace { command.append("REPLACE") }
            restores.append((item.key, command))
        }
        MigrateTransfer(call: call, request: request, restores: restores).start()
    }
}

/// MIGRATE's arguments, checked in `migrateCommand`'s order.
struct MigrateRequest: Equatable {
    var host: String
    /// As given; Redis reads it with `atoi`, so garbage means port 0 (an IOERR on connect).
    var port: Int
    var keys: [Bytes]
    var db: Int64
    /// Milliseconds; zero or negative means 1000.
    var timeout: Int64
    var copy = false
    var replace = false
    var username: Bytes?
    var password: Bytes?

    static let keysNeedEmptyKey = RedisError(
        "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string")
    static let insideTransaction = RedisError("ERR MIGRATE is not supported inside MULTI/EXEC")

    init(_ args: [ByteBuffer]) throws(RedisError) {
        host = String(buffer: args[1])
        port = Self.atoi(String(buffer: args[2]))
        keys = [Bytes(args[3])]
        var j = 6
        while j < args.count {
            let more = args.count - 1 - j
            switch String(buffer: args[j]).lowercased() {
            case "copy":
                copy = true
            case "replace":
                replace = true
            case "auth":
                guard more >= 1 else { throw .syntax }
                j += 1
                password = Bytes(args[j])
            case "auth2":
                guard more >= 2 else { throw .syntax }
                username = Bytes(args[j + 1])
                password = Bytes(args[j + 2])
                j += 2
            case "keys":
                guard args[3].readableBytes == 0 else { throw Self.keysNeedEmptyKey }
                keys = args[(j + 1)...].map { Bytes($0) }
                j = args.count
            default:
                throw .syntax
            }
            j += 1
        }
        guard let timeout = Self.integer(args[5]), let db = Self.integer(args[4]) else { throw .notInteger }
        self.timeout = timeout <= 0 ? 1000 : timeout
        self.db = db
    }

    private static func integer(_ arg: ByteBuffer) -> Int64? {
        arg.withUnsafeReadableBytes { parseStrictInt64($0) }
    }

    /// C's `atoi`: optional sign, the leading digits, 0 when there are none.
    static func atoi(_ s: String) -> Int {
        var chars = Substring(s).drop(while: { $0 == " " })
        var sign = 1
        if let c = chars.first, c == "-" || c == "+" {
            sign = c == "-" ? -1 : 1
            chars = chars.dropFirst()
        }
        let digits = chars.prefix(while: { $0.isASCII && $0.isNumber })
        return sign * (Int(digits.prefix(9)) ?? 0)
    }

    /// The cache key of the connection: `host:port` as typed.
    var endpoint: String { "\(host):\(port)" }
}
