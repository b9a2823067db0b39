import RESP

/// One entry of `COMMAND` / `COMMAND INFO`, shaped as Redis 7.0 shapes it: name, arity,
/// flags, first key, last key, key step, ACL categories, tips, key specs, subcommands.
enum CommandInfoReply {
    static func write(_ spec: CommandSpec, to reply: inout RESPWriter) {
        let doc = CommandDocs.lookup(spec.fullName)
        reply.arrayHeader(10)
        reply.bulk(spec.fullName)
        reply.integer(spec.arity)
        statusSet(spec.flags.names, to: &reply)
        reply.integer(spec.firstKey)
        reply.integer(spec.lastKey)
        reply.integer(spec.keyStep)
        statusSet(spec.aclCategories, to: &reply)
        let tips = doc?.tips ?? []
        reply.setHeader(tips.count)
        for tip in tips { reply.bulk(tip) }
        let keySpecs = doc?.keySpecs ?? legacyKeySpecs(spec)
        reply.setHeader(keySpecs.count)
        for keySpec in keySpecs { write(keySpec, to: &reply) }
        if spec.subcommands.isEmpty {
            reply.setHeader(0)
        } else {
            reply.arrayHeader(spec.subcommands.count)
            for sub in spec.subcommands { write(sub, to: &reply) }
        }
    }

    /// Flags and categories: a set of simple strings.
    static func statusSet(_ names: [String], to reply: inout RESPWriter) {
        reply.setHeader(names.count)
        for name in names { reply.simpleString(name) }
    }

    /// For a command the documentation table lacks, the one spec its key range implies.
    static func legacyKeySpecs(_ spec: CommandSpec) -> [KeySpec] {
        guard spec.firstKey > 0 else { return [] }
        let last = spec.lastKey < 0 ? spec.lastKey : spec.lastKey - spec.firstKey
        return [
            KeySpec(flags: [], begin: .index(spec.firstKey), find: .range(lastKey: last, step: spec.keyStep, limit: 0))
        ]
    }

    static func write(_ keySpec: KeySpec, to reply: inout RESPWriter) {
        reply.mapHeader(keySpec.notes == nil ? 3 : 4)
        if let notes = keySpec.notes {
            reply.bulk("notes")
            reply.bulk(notes)
        }
        reply.bulk("flags")
        statusSet(keySpec.flags.names, to: &reply)
        reply.bulk("begin_search")
        reply.mapHeader(2)
        switch keySpec.begin {
        case .index(let index):
            typed("index", fields: [("index", index)], to: &reply)
        case .keyword(let keyword, let startFrom):
            reply.bulk("type")
            reply.bulk("keyword")
            reply.bulk("spec")
            reply.mapHeader(2)
            reply.bulk("keyword")
            reply.bulk(keyword)
            reply.bulk("startfrom")
            reply.integer(startFrom)
        case .unknown:
            typed("unknown", fields: [], to: &reply)
        }
        reply.bulk("find_keys")
        reply.mapHeader(2)
        switch keySpec.find {
        case .range(let lastKey, let step, let limit):
            typed("range", fields: [("lastkey", lastKey), ("keystep", step), ("limit", limit)], to: &reply)
        case .keynum(let numkeysIndex, let firstKey, let step):
            typed("keynum", fields: [("keynumidx", numkeysIndex), ("firstkey", firstKey), ("keystep", step)], to: &reply)
        case .unknown:
            typed("unknown", fields: [], to: &reply)
        }
    }

    /// `type` then a `spec` map of integer fields (the inside of begin_search / find_keys).
    private static func typed(_ type: String, fields: [(String, Int)], to reply: inout RESPWriter) {
        reply.bulk("type")
        reply.bulk(type)
        reply.bulk("spec")
        reply.mapHeader(fields.count)
        for (name, value) in fields {
            reply.bulk(name)
            reply.integer(value)
        }
    }
}
