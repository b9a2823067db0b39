/// HRANDFIELD key [count [WITHVALUES]].
extension HashCommands {
    static func hrandfield(_ call: inout Call) throws(RedisError) {
        guard call.count >= 3 else {
            guard let hash = try call.readHash(call.bytes(1)), hash.count > 0 else {
                call.reply.null()
                return
            }
            call.reply.bulk(hash.randomPair(using: &call.node.random)!.0)
            return
        }
        let requested = try RandomSample.countArgument(call, 2)
        var withValues = false
        if call.count > 4 || (call.count == 4 && !call.keyword(3, "WITHVALUES")) { throw .syntax }
        if call.count == 4 {
            withValues = true
            // Twice the count must still fit a reply length.
            guard requested >= -(Int64.max / 2) && requested <= Int64.max / 2 else {
                throw RedisError("ERR value is out of range")
            }
        }
        guard let hash = try call.readHash(call.bytes(1)) else {
            call.reply.arrayHeader(0)
            return
        }
        let count = Int(requested.magnitude)
        if count == 0 {
            call.reply.arrayHeader(0)
            return
        }
        let resp3 = call.client.protocolVersion == .v3
        // RESP2 flattens field/value pairs; RESP3 nests each pair in a two-element array.
        func header(_ n: Int) {
            call.reply.arrayHeader(withValues && !resp3 ? n * 2 : n)
        }
        func emit(_ field: Bytes, _ value: Bytes) {
            if withValues && resp3 { call.reply.arrayHeader(2) }
            call.reply.bulk(field)
            if withValues { call.reply.bulk(value) }
        }
        // A negative count allows repeats; one field is trivially unique.
        if requested < 0 || count == 1 {
            header(count)
            for _ in 0..<count {
                let (field, value) = hash.randomPair(using: &call.node.random)!
                emit(field, value)
            }
            return
        }
        let size = hash.count
        if count >= size {
            header(size)
            hash.forEach { field, value in emit(field, value) }
            return
        }
        header(count)
        for i in RandomSample.distinctIndices(count, of: size, using: &call.node.random) {
            let (field, value) = hash.pair(at: i)
            emit(field, value)
        }
    }
}
