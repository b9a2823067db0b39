import NIOCore

extension QueueMethod {
    static func decode(methodID: UInt16, from r: inout WireReader) throws(WireError) -> QueueMethod? {
        switch methodID {
        case 10:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            let bits = try r.readBits(5, "passive, durable, exclusive, auto-delete, no-wait")
            return .declare(
                Declare(
                    ticket: ticket, queue: queue, passive: bits[0], durable: bits[1], exclusive: bits[2], autoDelete: bits[3],
                    noWait: bits[4], arguments: try r.readTable("arguments")))
        case 11:
            return .declareOk(
                DeclareOk(
                    queue: try r.readShortString("queue", checkUTF8: true), messageCount: try r.readLong("message-count"),
                    consumerCount: try r.readLong("consumer-count")))
        case 20:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            let exchange = try r.readShortString("exchange", checkUTF8: true)
            let routingKey = try r.readShortString("routing-key", checkUTF8: true)
            let noWait = try r.readBits(1, "no-wait")[0]
            return .bind(
                Bind(
                    ticket: ticket, queue: queue, exchange: exchange, routingKey: routingKey, noWait: noWait,
                    arguments: try r.readTable("arguments")))
        case 21: return .bindOk
        case 30:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            return .purge(Purge(ticket: ticket, queue: queue, noWait: try r.readBits(1, "no-wait")[0]))
        case 31: return .purgeOk(messageCount: try r.readLong("message-count"))
        case 40:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            let bits = try r.readBits(3, "if-unused, if-empty, no-wait")
            return .delete(Delete(ticket: ticket, queue: queue, ifUnused: bits[0], ifEmpty: bits[1], noWait: bits[2]))
        case 41: return .deleteOk(messageCount: try r.readLong("message-count"))
        case 50:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            let exchange = try r.readShortString("exchange", checkUTF8: true)
            let routingKey = try r.readShortString("routing-key", checkUTF8: true)
            return .unbind(
                Unbind(ticket: ticket, queue: queue, exchange: exchange, routingKey: routingKey, arguments: try r.readTable("arguments")))
        case 51: return .unbindOk
        default: return nil
        }
    }

    func encodeArguments(into b: inout ByteBuffer) throws(WireError) {
        switch self {
        case .declare(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            b.writeBits([m.passive, m.durable, m.exclusive, m.autoDelete, m.noWait])
            try b.writeFieldTable(m.arguments)
        case .declareOk(let m):
            try b.writeShortString(m.queue)
            b.writeInteger(m.messageCount)
            b.writeInteger(m.consumerCount)
        case .bind(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.routingKey)
            b.writeBits([m.noWait])
            try b.writeFieldTable(m.arguments)
        case .purge(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            b.writeBits([m.noWait])
        case .purgeOk(let count), .deleteOk(let count): b.writeInteger(count)
        case .delete(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            b.writeBits([m.ifUnused, m.ifEmpty, m.noWait])
        case .unbind(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.routingKey)
            try b.writeFieldTable(m.arguments)
        case .bindOk, .unbindOk: break
        }
    }
}
