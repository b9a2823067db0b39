/// SRANDMEMBER and SPOP.
extension SetCommands {
    static func srandmember(_ call: inout Call) throws(RedisError) {
        guard call.count <= 3 else { throw .syntax }
        guard call.count == 3 else {
            guard let set = try call.readSet(call.bytes(1)), set.count > 0 else {
                call.reply.null()
                return
            }
            call.reply.bulk(set.randomMember(using: &call.node.random)!)
            return
        }
        let requested = try RandomSample.countArgument(call, 2)
        guard let set = try call.readSet(call.bytes(1)) else {
            call.reply.arrayHeader(0)
            return
        }
        let count = Int(requested.magnitude)
        if count == 0 {
            call.reply.arrayHeader(0)
            return
        }
        // A negative count allows repeats; one member is trivially unique.
        if requested < 0 || count == 1 {
            call.reply.arrayHeader(count)
            for _ in 0..<count { call.reply.bulk(set.randomMember(using: &call.node.random)!) }
            return
        }
        let size = set.count
        if count >= size {
            call.reply.arrayHeader(size)
            set.forEach { call.reply.bulk($0) }
            return
        }
        call.reply.arrayHeader(count)
        for i in RandomSample.distinctIndices(count, of: size, using: &call.node.random) {
            call.reply.bulk(set.member(at: i))
        }
    }

    static func spop(_ call: inout Call) throws(RedisError) {
        guard call.count <= 3 else { throw .syntax }
        if call.count == 3 {
            try spopCount(&call)
            return
        }
        let key = call.bytes(1)
        guard let set = try call.readSet(key, forWrite: true), set.count > 0 else {
            call.reply.null()
            return
        }
        let member = set.randomMember(using: &call.node.random)!
        set.remove(member)
        call.propagation = [["SREM", key, member]]
        call.reply.bulk(member)
        call.deleteIfEmpty(key, count: set.count)
        call.modified(key)
        call.dirty()
    }

    /// SPOP with a count is propagated as what it did: DEL when it took everything, else
    /// one SREM per popped member (wrapped in MULTI/EXEC when there are several).
    static func spopCount(_ call: inout Call) throws(RedisError) {
        let n = try call.int(2, error: .positiveValue)
        guard n >= 0 else { throw .positiveValue }
        let key = call.bytes(1)
        guard let set = try call.readSet(key, forWrite: true), n > 0 else {
            call.reply.setHeader(0)
            return
        }
        let count = Int(n)
        let size = set.count
        let limits = call.node.config.encoding
        if count >= size {
            // Redis answers through SUNION of the one key (a read lookup, counted as a
            // keyspace hit): re-encoded, so small integer sets come out sorted.
            _ = call.lookupRead(key)
            let all = SetObject(members: set.members, limits: limits)
            call.reply.setHeader(all.count)
            all.forEach { call.reply.bulk($0) }
            call.deleteKey(key)
            call.propagation = [["DEL", key]]
            call.dirty(size)
            return
        }
        call.reply.setHeader(count)
        var popped: [Bytes] = []
        popped.reserveCapacity(count)
        let remaining = size - count
        if remaining * 5 > count {
            for _ in 0..<count {
                let member = set.randomMember(using: &call.node.random)!
                set.remove(member)
                popped.append(member)
            }
        } else {
            // Popping most of the set: pick the survivors instead and rebuild the set from
            // them, which (as in Redis) may give it a more compact encoding.
            let members = set.members
            var keep = [Bool](repeating: false, count: size)
            var survivors: [Bytes] = []
            survivors.reserveCapacity(remaining)
            for i in RandomSample.distinctIndices(remaining, of: size, using: &call.node.random) {
                keep[i] = true
                survivors.append(members[i])
            }
            for i in 0..<size where !keep[i] { popped.append(members[i]) }
            set.storage = SetObject(members: survivors, limits: limits).storage
        }
        for member in popped { call.reply.bulk(member) }
        call.propagation = popped.map { [Bytes("SREM"), key, $0] }
        call.modified(key)
        call.dirty(count)
    }
}
