/// SADD, SREM, SMISMEMBER, SMOVE and SSCAN.
extension SetCommands {
    static func sadd(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        let limits = call.node.config.encoding
        var added = 0
        if let set = try call.readSet(key, forWrite: true) {
            for i in 2..<call.count where set.add(call.bytes(i), limits: limits) { added += 1 }
        } else {
            let set = SetObject()
            for i in 2..<call.count where set.add(call.bytes(i), limits: limits) { added += 1 }
            call.addKey(key, .set(set))
        }
        if added > 0 { call.modified(key) }
        call.dirty(added)
        call.reply.integer(added)
    }

    static func srem(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let set = try call.readSet(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        var removed = 0
        for i in 2..<call.count where set.remove(call.bytes(i)) {
            removed += 1
            if set.count == 0 { break }
        }
        if removed > 0 {
            call.deleteIfEmpty(key, count: set.count)
            call.modified(key)
            call.dirty(removed)
        }
        call.reply.integer(removed)
    }

    /// A missing key is an empty set here: one zero per member.
    static func smismember(_ call: inout Call) throws(RedisError) {
        let set = try call.readSet(call.bytes(1))
        call.reply.arrayHeader(call.count - 2)
        for i in 2..<call.count { call.reply.integer(set?.contains(call.bytes(i)) == true ? 1 : 0) }
    }

    static func smove(_ call: inout Call) throws(RedisError) {
        let sourceKey = call.bytes(1)
        let destinationKey = call.bytes(2)
        let member = call.bytes(3)
        let sourceValue = call.lookupWrite(sourceKey)
        let destinationValue = call.lookupWrite(destinationKey)
        // A missing source answers 0 before any type check, even of the destination.
        guard let sourceValue else {
            call.reply.integer(0)
            return
        }
        guard case .set(let source) = sourceValue else { throw .wrongType }
        var destination: SetObject?
        if let destinationValue {
            guard case .set(let d) = destinationValue else { throw .wrongType }
            destination = d
        }
        if source === destination {
            call.reply.integer(source.contains(member) ? 1 : 0)
            return
        }
        guard source.remove(member) else {
            call.reply.integer(0)
            return
        }
        call.deleteIfEmpty(sourceKey, count: source.count)
        let target: SetObject
        if let destination {
            target = destination
        } else {
            target = SetObject()
            call.addKey(destinationKey, .set(target))
        }
        call.modified(sourceKey)
        call.dirty()
        if target.add(member, limits: call.node.config.encoding) {
            call.dirty()
            call.modified(destinationKey)
        }
        call.reply.integer(1)
    }

    /// Same order of checks as HSCAN: cursor, key, then options.
    static func sscan(_ call: inout Call) throws(RedisError) {
        let start = try ScanOptions.cursor(call, 2)
        guard let set = try call.readSet(call.bytes(1)) else {
            ScanOptions.reply(&call, cursor: 0, elements: [])
            return
        }
        let options = try ScanOptions.parse(call, from: 3, allowType: false)
        let (cursor, found) = ScanOptions.collect(cursor: start, count: options.count) { c, out in
            set.scan(cursor: c) { out.append($0) }
        }
        ScanOptions.reply(&call, cursor: cursor, elements: found.filter(options.matches))
    }
}
