import NIOCore

extension BasicMethod {
    /// Short strings of the content-bearing methods (publish, return, deliver, get-ok) are
    /// not UTF-8 checked, as in RabbitMQ's generated parser.
    static func decode(methodID: UInt16, from r: inout WireReader) throws(WireError) -> BasicMethod? {
        switch methodID {
        case 10:
            let size = try r.readLong("prefetch-size")
            let count = try r.readShort("prefetch-count")
            return .qos(Qos(prefetchSize: size, prefetchCount: count, global: try r.readBits(1, "global")[0]))
        case 11: return .qosOk
        case 20:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            let tag = try r.readShortString("consumer-tag", checkUTF8: true)
            let bits = try r.readBits(4, "no-local, no-ack, exclusive, no-wait")
            return .consume(
                Consume(
                    ticket: ticket, queue: queue, consumerTag: tag, noLocal: bits[0], noAck: bits[1], exclusive: bits[2],
                    noWait: bits[3], arguments: try r.readTable("arguments")))
        case 21: return .consumeOk(consumerTag: try r.readShortString("consumer-tag", checkUTF8: true))
        case 30:
            let tag = try r.readShortString("consumer-tag", checkUTF8: true)
            return .cancel(consumerTag: tag, noWait: try r.readBits(1, "no-wait")[0])
        case 31: return .cancelOk(consumerTag: try r.readShortString("consumer-tag", checkUTF8: true))
        case 40:
            let ticket = try r.readShort("ticket")
            let exchange = try r.readShortString("exchange", checkUTF8: false)
            let routingKey = try r.readShortString("routing-key", checkUTF8: false)
            let bits = try r.readBits(2, "mandatory, immediate")
            return .publish(Publish(ticket: ticket, exchange: exchange, routingKey: routingKey, mandatory: bits[0], immediate: bits[1]))
        case 50:
            return .return(
                Return(
                    replyCode: try r.readShort("reply-code"), replyText: try r.readShortString("reply-text", checkUTF8: false),
                    exchange: try r.readShortString("exchange", checkUTF8: false),
                    routingKey: try r.readShortString("routing-key", checkUTF8: false)))
        case 60:
            let tag = try r.readShortString("consumer-tag", checkUTF8: false)
            let deliveryTag = try r.readLongLong("delivery-tag")
            let redelivered = try r.readBits(1, "redelivered")[0]
            return .deliver(
                Deliver(
                    consumerTag: tag, deliveryTag: deliveryTag, redelivered: redelivered,
                    exchange: try r.readShortString("exchange", checkUTF8: false),
                    routingKey: try r.readShortString("routing-key", checkUTF8: false)))
        case 70:
            let ticket = try r.readShort("ticket")
            let queue = try r.readShortString("queue", checkUTF8: true)
            return .get(Get(ticket: ticket, queue: queue, noAck: try r.readBits(1, "no-ack")[0]))
        case 71:
            let deliveryTag = try r.readLongLong("delivery-tag")
            let redelivered = try r.readBits(1, "redelivered")[0]
            return .getOk(
                GetOk(
                    deliveryTag: deliveryTag, redelivered: redelivered, exchange: try r.readShortString("exchange", checkUTF8: false),
                    routingKey: try r.readShortString("routing-key", checkUTF8: false), messageCount: try r.readLong("message-count")))
        case 72: return .getEmpty(clusterID: try r.readShortString("cluster-id", checkUTF8: true))
        case 80:
            let tag = try r.readLongLong("delivery-tag")
            return .ack(deliveryTag: tag, multiple: try r.readBits(1, "multiple")[0])
        case 90:
            let tag = try r.readLongLong("delivery-tag")
            return .reject(deliveryTag: tag, requeue: try r.readBits(1, "requeue")[0])
        case 100: return .recoverAsync(requeue: try r.readBits(1, "requeue")[0])
        case 110: return .recover(requeue: try r.readBits(1, "requeue")[0])
        case 111: return .recoverOk
        case 120:
            let tag = try r.readLongLong("delivery-tag")
            let bits = try r.readBits(2, "multiple, requeue")
            return .nack(deliveryTag: tag, multiple: bits[0], requeue: bits[1])
        default: return nil
        }
    }

    func encodeArguments(into b: inout ByteBuffer) throws(WireError) {
        switch self {
        case .qos(let m):
            b.writeInteger(m.prefetchSize)
            b.writeInteger(m.prefetchCount)
            b.writeBits([m.global])
        case .consume(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            try b.writeShortString(m.consumerTag)
            b.writeBits([m.noLocal, m.noAck, m.exclusive, m.noWait])
            try b.writeFieldTable(m.arguments)
        case .consumeOk(let tag), .cancelOk(let tag): try b.writeShortString(tag)
        case .cancel(let tag, let noWait):
            try b.writeShortString(tag)
            b.writeBits([noWait])
        case .publish(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.routingKey)
            b.writeBits([m.mandatory, m.immediate])
        case .return(let m):
            b.writeInteger(m.replyCode)
            try b.writeShortString(m.replyText)
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.routingKey)
        case .deliver(let m):
            try b.writeShortString(m.consumerTag)
            b.writeInteger(m.deliveryTag)
            b.writeBits([m.redelivered])
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.routingKey)
        case .get(let m):
            b.writeInteger(m.ticket)
            try b.writeShortString(m.queue)
            b.writeBits([m.noAck])
        case .getOk(let m):
            b.writeInteger(m.deliveryTag)
            b.writeBits([m.redelivered])
            try b.writeShortString(m.exchange)
            try b.writeShortString(m.routingKey)
            b.writeInteger(m.messageCount)
        case .getEmpty(let clusterID): try b.writeShortString(clusterID)
        case .ack(let tag, let multiple):
            b.writeInteger(tag)
            b.writeBits([multiple])
        case .reject(let tag, let requeue):
            b.writeInteger(tag)
            b.writeBits([requeue])
        case .recoverAsync(let requeue), .recover(let requeue): b.writeBits([requeue])
        case .nack(let tag, let multiple, let requeue):
            b.writeInteger(tag)
            b.writeBits([multiple, requeue])
        case .qosOk, .recoverOk: break
        }
    }
}
