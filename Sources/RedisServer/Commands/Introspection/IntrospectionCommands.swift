import NIOCore

/// COMMAND and its subcommands: what the node says about its own command table.
enum IntrospectionCommands {
    static let all: [CommandSpec] = [container]

    static let container = CommandSpec(
        container: "command", arity: -1, flags: "loading stale", group: .server, categories: ["@connection"],
        handler: everything,
        subcommands: [
            sub("count", arity: 2) { call throws(RedisError) in
                call.reply.integer(call.node.commands.commands.count)
            },
            sub("docs", arity: -2, handler: docs),
            sub("getkeys", arity: -4) { call throws(RedisError) in try getKeys(&call, withFlags: false) },
            sub("getkeysandflags", arity: -4) { call throws(RedisError) in try getKeys(&call, withFlags: true) },
            sub("help", arity: 2, handler: help),
            sub("info", arity: -2, handler: info),
            sub("list", arity: -2, handler: list),
        ])

    private static func sub(_ name: String, arity: Int, handler: @escaping CommandHandler) -> CommandSpec {
        CommandSpec(name, arity: arity, flags: "loading stale", group: .server, categories: ["@connection"], handler: handler)
    }

    /// COMMAND: the INFO entry of every command.
    static func everything(_ call: inout Call) throws(RedisError) {
        let commands = call.node.commands.commands
        call.reply.arrayHeader(commands.count)
        for spec in commands { CommandInfoReply.write(spec, to: &call.reply) }
    }

    /// COMMAND INFO [name ...]: all commands, or the named ones (null for unknown names).
    static func info(_ call: inout Call) throws(RedisError) {
        guard call.count > 2 else { return try everything(&call) }
        call.reply.arrayHeader(call.count - 2)
        for i in 2..<call.count {
            if let spec = call.node.commands.lookupFullName(call.string(i)) {
                CommandInfoReply.write(spec, to: &call.reply)
            } else {
                call.reply.null()
            }
        }
    }

    /// COMMAND DOCS [name ...]: a map from name to documentation; unknown names are left out.
    static func docs(_ call: inout Call) throws(RedisError) {
        let table = call.node.commands
        let specs = call.count == 2 ? table.commands : (2..<call.count).compactMap { table.lookupFullName(call.string($0)) }
        call.reply.mapHeader(specs.count)
        for spec in specs {
            call.reply.bulk(spec.fullName)
            CommandDocsReply.write(spec, to: &call.reply)
        }
    }

    /// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]: command and
    /// subcommand names. The node has no modules, so a module filter matches nothing.
    static func list(_ call: inout Call) throws(RedisError) {
        var filter: (CommandSpec) -> Bool = { _ in true }
        var i = 2
        while i < call.count {
            guard call.keyword(i, "FILTERBY"), call.count - 1 - i == 2 else { throw .syntax }
            let argument = call.string(i + 2)
            if call.keyword(i + 1, "MODULE") {
                filter = { _ in false }
            } else if call.keyword(i + 1, "ACLCAT") {
                let category = "@" + argument.lowercased()
                filter = { $0.aclCategories.contains(category) }
            } else if call.keyword(i + 1, "PATTERN") {
                filter = { GlobPattern.match(argument, $0.fullName, noCase: true) }
            } else {
                throw .syntax
            }
            i += 3
        }
        let names = call.node.commands.allSpecs.filter(filter).map { Bytes($0.fullName) }
        call.reply.array(names)
    }

    static func help(_ call: inout Call) throws(RedisError) {
        let lines = [
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
            "HELP",
            "    Prints this help.",
        ]
        call.reply.arrayHeader(lines.count)
        for line in lines { call.reply.simpleString(line) }
    }

    /// COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...].
    static func getKeys(_ call: inout Call, withFlags: Bool) throws(RedisError) {
        let args = Array(call.args[2...])
        let table = call.node.commands
        guard var spec = table.lookup(args[0]) else { throw RedisError("ERR Invalid command specified") }
        if !spec.subcommands.isEmpty && args.count >= 2 {
            guard let sub = table.subcommand(of: spec, args[1]) else {
                throw RedisError("ERR Invalid command specified")
            }
            spec = sub
        }
        let finder = KeyFinder(spec)
        guard finder.hasKeys else { throw RedisError("ERR The command has no key arguments") }
        guard spec.arity > 0 ? args.count == spec.arity : args.count >= -spec.arity else {
            throw RedisError("ERR Invalid number of arguments specified for command")
        }
        let keys = finder.keys(args)
        if keys.isEmpty && !spec.flags.contains(.noMandatoryKeys) {
            throw RedisError("ERR Invalid arguments specified for command")
        }
        call.reply.arrayHeader(keys.count)
        for key in keys {
            if withFlags {
                call.reply.arrayHeader(2)
                call.reply.bulk(args[key.position])
                call.reply.setHeader(key.flags.names.count)
                for name in key.flags.names { call.reply.simpleString(name) }
            } else {
                call.reply.bulk(args[key.position])
            }
        }
    }
}
