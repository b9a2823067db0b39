import NIOCore

extension ExchangeMethod {
    static func decode(methodID: UInt16, from r: inout WireReader) throws(WireError) -> ExchangeMethod? {
        switch methodID {
        case 10:
            let ticket = try r.readShort("ticket")
            let exchange = try r.readShortString("exchange", checkUTF8: true)
            let type = try r.readShortString("type", checkUTF8: true)
            let bits = try r.readBits(5, "passive, durable, auto-delete, internal, no-wait")
            return .declare(
                Declare(
                    ticket: ticket, exchange: exchange, type: type, passive: bits[0], durable: bits[1], autoDelete: bits[2],
                    internal: bits[3], noWait: bits[4], arguments: try r.readTable("arguments")))
        case 11: return .declareOk
        case 20:
            let ticket = try r.readShort("ticket")
            let exchange = try r.readShortString("exchange", checkUTF8: true)
            let bits = try r.readBits(2, "if-unused, no-wait")
            return .delete(Delete(ticket: ticket, exchange: exchange, ifUnused: bits[0], noWait: bits[1]))
        case 21: return .deleteOk
        case 30: return .bind(try readBinding(&r))
        case 31: return .bindOk
        case 40: return .unbind(try readBinding(&r))
        case 51: return .unbindOk
        default: return nil
        }
    }

    private static func readBinding(_ r: inout WireReader) throws(WireError) -> Binding {
        let ticket = try r.readShort("ticket")
        let destination = try r.readShortString("destination", checkUTF8: true)
        let source = try r.readShortString("source", checkUTF8: true)
        let routingKey = try r.readShortString("routing-key", checkUTF8: true)
        let noWait = try r.readBits(1, "no-wait")[0]
        return Binding(
            ticket: ticket, destination: destination, source: source, routingKey: routingKey, noWait: noWait,
            arguments: try r.readTable("arguments"))
    }

    func encodeArguments(into b: inout ByteBuffer) throws(WireError) {
        switch self {
        case .declare(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.type)
            b.writeBits([m.passive, m.durable, m.autoDelete, m.internal, m.noWait])
            try b.writeFieldTable(m.arguments)
        case .delete(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.exchange)
            b.writeBits([m.ifUnused, m.noWait])
        case .bind(let m), .unbind(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.destination)
            try b.writeShortString(m.source)
            try b.writeShortString(m.routingKey)
            b.writeBits([m.noWait])
            try b.writeFieldTable(m.arguments)
        case .declareOk, .deleteOk, .bindOk, .unbindOk: break
        }
    }
}
