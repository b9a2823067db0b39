import RESP

/// One value of `COMMAND DOCS`: a map of summary, since, group, complexity, doc flags,
/// deprecation, history, arguments and subcommands, each present only when it has content
/// (the group always), in Redis 7.0's order.
enum CommandDocsReply {
    static func write(_ spec: CommandSpec, to reply: inout RESPWriter) {
        let doc = CommandDocs.lookup(spec.fullName)
        var fields = 1
        if let doc {
            // Internal commands (PSYNC, SYNC) state no complexity, and Redis prints none.
            fields += doc.complexity.isEmpty ? 2 : 3
            if !doc.docFlags.isEmpty { fields += 1 }
            if doc.deprecatedSince != nil { fields += 1 }
            if doc.replacedBy != nil { fields += 1 }
            if !doc.history.isEmpty { fields += 1 }
            if !doc.arguments.isEmpty { fields += 1 }
        }
        if !spec.subcommands.isEmpty { fields += 1 }
        reply.mapHeader(fields)
        if let doc {
            reply.bulk("summary")
            reply.bulk(doc.summary)
            reply.bulk("since")
            reply.bulk(doc.since)
        }
        reply.bulk("group")
        reply.bulk(groupName(spec.group))
        if let doc {
            if !doc.complexity.isEmpty {
                reply.bulk("complexity")
                reply.bulk(doc.complexity)
            }
            if !doc.docFlags.isEmpty {
                reply.bulk("doc_flags")
                CommandInfoReply.statusSet(doc.docFlags, to: &reply)
            }
            if let since = doc.deprecatedSince {
                reply.bulk("deprecated_since")
                reply.bulk(since)
            }
            if let replacement = doc.replacedBy {
                reply.bulk("replaced_by")
                reply.bulk(replacement)
            }
            if !doc.history.isEmpty {
                reply.bulk("history")
                reply.setHeader(doc.history.count)
                for change in doc.history {
                    reply.arrayHeader(2)
                    reply.bulk(change.version)
                    reply.bulk(change.description)
                }
            }
            if !doc.arguments.isEmpty {
                reply.bulk("arguments")
                write(doc.arguments, to: &reply)
            }
        }
        if !spec.subcommands.isEmpty {
            reply.bulk("subcommands")
            reply.mapHeader(spec.subcommands.count)
            for sub in spec.subcommands {
                reply.bulk(sub.fullName)
                write(sub, to: &reply)
            }
        }
    }

    /// Redis spells the sorted set group with a dash here.
    static func groupName(_ group: CommandGroup) -> String {
        group == .sortedSet ? "sorted-set" : group.rawValue
    }

    static func write(_ arguments: [DocArgument], to reply: inout RESPWriter) {
        reply.arrayHeader(arguments.count)
        for argument in arguments {
            var fields = 2
            if argument.keySpecIndex != nil { fields += 1 }
            if argument.token != nil { fields += 1 }
            if argument.since != nil { fields += 1 }
            if argument.deprecatedSince != nil { fields += 1 }
            if !argument.flags.isEmpty { fields += 1 }
            let nested = argument.kind == .oneof || argument.kind == .block
            if nested { fields += 1 }
            reply.mapHeader(fields)
            reply.bulk("name")
            reply.bulk(argument.name)
            reply.bulk("type")
            reply.bulk(argument.kind.rawValue)
            if let index = argument.keySpecIndex {
                reply.bulk("key_spec_index")
                reply.integer(index)
            }
            if let token = argument.token {
                reply.bulk("token")
                reply.bulk(token)
            }
            if let since = argument.since {
                reply.bulk("since")
                reply.bulk(since)
            }
            if let since = argument.deprecatedSince {
                reply.bulk("deprecated_since")
                reply.bulk(since)
            }
            if !argument.flags.isEmpty {
                reply.bulk("flags")
                CommandInfoReply.statusSet(argument.flags.names, to: &reply)
            }
            if nested {
                reply.bulk("arguments")
                write(argument.arguments, to: &reply)
            }
        }
    }
}
