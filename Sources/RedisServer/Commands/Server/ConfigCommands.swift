import RESP
import Foundation

/// CONFIG GET | SET | REWRITE | RESETSTAT | HELP.
enum ConfigCommands {
    static let container = CommandSpec(
        container: "config", group: .server,
        subcommands: [
            CommandSpec("get", arity: -3, flags: "admin noscript loading stale", group: .server, handler: get),
            CommandSpec("set", arity: -4, flags: "admin noscript loading stale", group: .server, handler: set),
            CommandSpec("rewrite", arity: 2, flags: "admin noscript loading stale", group: .server, handler: rewrite),
            CommandSpec("resetstat", arity: 2, flags: "admin noscript loading stale", group: .server) { call throws(RedisError) in
                call.node.resetStats()
                call.reply.ok()
            },
            CommandSpec("help", arity: 2, flags: "loading stale", group: .server, handler: help),
        ])

    /// Every name (and alias) matching any of the patterns, case-insensitively, once.
    static func get(_ call: inout Call) throws(RedisError) {
        var seen = Set<String>()
        var pairs: [(String, String)] = []
        let config = call.node.config
        for i in 2..<call.count {
            let pattern = call.string(i)
            for directive in ConfigDirectives.all {
                for name in [directive.name] + directive.aliases where !seen.contains(name) {
                    if GlobPattern.match(pattern, name, noCase: true) {
                        seen.insert(name)
                        pairs.append((name, directive.get(config)))
                    }
                }
            }
        }
        call.reply.mapHeader(pairs.count)
        for (name, value) in pairs {
            call.reply.bulk(name)
            call.reply.bulk(value)
        }
    }

    /// All-or-nothing: every pair is validated and set, or none is (Redis 7.0).
    static func set(_ call: inout Call) throws(RedisError) {
        guard call.count % 2 == 0 else { throw .syntax }
        let config = call.node.config
        var chosen: [(ConfigDirective, String, String)] = []
        for i in stride(from: 2, to: call.count, by: 2) {
            let name = call.string(i)
            guard let directive = ConfigDirectives.lookup(name) else {
                throw RedisError("ERR Unknown option or number of arguments for CONFIG SET - '\(name)'")
            }
            if directive.immutable {
                throw RedisError("ERR CONFIG SET failed (possibly related to argument '\(name)') - can't set immutable config")
            }
            if chosen.contains(where: { $0.0.name == directive.name }) {
                throw RedisError("ERR CONFIG SET failed (possibly related to argument '\(name)') - duplicate parameter")
            }
            chosen.append((directive, name, call.string(i + 1)))
        }
        let backup = chosen.map { $0.0.get(config) }
        for (index, (directive, _, value)) in chosen.enumerated() {
            var args = [value]
            if directive.multiArgument && !value.isEmpty {
                args = (InlineSplitter.split(value) ?? []).map { String(decoding: $0, as: UTF8.self) }
            }
            do {
                try directive.set(config, args)
            } catch {
                // Put back everything set so far.
                for j in 0...index { try? restore(chosen[j].0, backup[j], config) }
                throw RedisError(
                    "ERR CONFIG SET failed (possibly related to argument '\(directive.name)') - \(error.message)")
            }
        }
        do {
            try call.node.configChanged(chosen.map { $0.0.name })
        } catch {
            for j in chosen.indices { try? restore(chosen[j].0, backup[j], config) }
            throw RedisError(
                "ERR CONFIG SET failed (possibly related to argument '\(error.directive)') - \(error.error.message)")
        }
        call.reply.ok()
    }

    private static func restore(_ directive: ConfigDirective, _ value: String, _ config: ServerConfig) throws {
        var args = [value]
        if directive.multiArgument && !value.isEmpty {
            args = (InlineSplitter.split(value) ?? []).map { String(decoding: $0, as: UTF8.self) }
        }
        try directive.set(config, args)
    }

    static func rewrite(_ call: inout Call) throws(RedisError) {
        guard let path = call.node.config.configFile else {
            throw RedisError("ERR The server is running without a config file")
        }
        do {
            try ConfigRewriter.rewrite(path: path, config: call.node.config)
        } catch {
            call.node.log.warning("CONFIG REWRITE failed: \(error)")
            throw RedisError("ERR Rewriting config file: \(error)")
        }
        call.node.log.notice("CONFIG REWRITE executed with success.")
        call.reply.ok()
    }

    static func help(_ call: inout Call) throws(RedisError) {
        let lines = [
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
            "RESETSTAT", "    Reset statistics reported by the INFO command.",
            "REWRITE", "    Rewrite the configuration file.",
            "HELP", "    Print this help.",
        ]
        call.reply.arrayHeader(lines.count)
        for l in lines { call.reply.simpleString(l) }
    }
}
