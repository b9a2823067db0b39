import AMQP
import NIOCore

/// Record payloads. Names are long strings (a vhost name may pass 255 bytes), tables use
/// the AMQP field-table encoding, and message properties the AMQP content-header encoding,
/// so whatever a client could send is stored as it came.
extension JournalRecord {
    func encodePayload(into b: inout ByteBuffer) throws(WireError) {
        switch self {
        case .exchangeDeclared(let vhost, let exchange):
            b.writeText(vhost)
            b.writeText(exchange.name)
            b.writeText(exchange.type.rawValue)
            b.writeBits([exchange.durable, exchange.autoDelete, exchange.internal])
            try b.writeFieldTable(exchange.arguments)
        case .exchangeDeleted(let vhost, let name), .queueDeleted(let vhost, let name):
            b.writeText(vhost)
            b.writeText(name)
        case .queueDeclared(let vhost, let queue):
            b.writeText(vhost)
            b.writeText(queue.name)
            b.writeBits([queue.durable, queue.exclusive, queue.autoDelete])
            try b.writeFieldTable(queue.arguments)
        case .bindingAdded(let vhost, let binding), .bindingRemoved(let vhost, let binding):
            b.writeText(vhost)
            b.writeText(binding.source)
            switch binding.destination {
            case .queue(let name):
                b.writeInteger(UInt8(0))
                b.writeText(name)
            case .exchange(let name):
                b.writeInteger(UInt8(1))
                b.writeText(name)
            }
            b.writeText(binding.routingKey)
            try b.writeFieldTable(binding.arguments)
        case .messageEnqueued(let vhost, let queue, let entry):
            b.writeText(vhost)
            b.writeText(queue)
            b.writeInteger(entry.sequence)
            b.writeBits([entry.expiresAt != nil, entry.delivered, entry.message.isPersistent])
            if let expiresAt = entry.expiresAt { b.writeInteger(expiresAt) }
            let message = entry.message
            b.writeText(message.exchange)
            b.writeInteger(UInt32(truncatingIfNeeded: message.routingKeys.count))
            for key in message.routingKeys { b.writeText(key) }
            let header = ContentHeader(bodySize: UInt64(message.bodySize), properties: message.properties)
            var headerBytes = ByteBuffer()
            try header.encode(into: &headerBytes)
            b.writeInteger(UInt32(truncatingIfNeeded: headerBytes.readableBytes))
            b.writeBuffer(&headerBytes)
            b.writeImmutableBuffer(message.body)
        case .messageRemoved(let vhost, let queue, let sequence), .messageDelivered(let vhost, let queue, let sequence):
            b.writeText(vhost)
            b.writeText(queue)
            b.writeInteger(sequence)
        case .virtualHostDeleted(let vhost):
            b.writeText(vhost)
        }
    }

    /// Reads a payload of `kind`; every byte must be used. Throws `WireError` or
    /// `RecordFormatError`.
    static func decode(kind: Kind, payload: ByteBuffer) throws -> JournalRecord {
        var r = WireReader(payload)
        let record: JournalRecord
        switch kind {
        case .exchangeDeclared:
            let vhost = try r.readText("vhost")
            let name = try r.readText("exchange name")
            let typeName = try r.readText("exchange type")
            guard let type = ExchangeType(rawValue: typeName) else {
                throw RecordFormatError(reason: "unknown exchange type '\(typeName)'")
            }
            let flags = try r.readBits(3, "exchange flags")
            let arguments = try r.readTable("exchange arguments")
            record = .exchangeDeclared(
                vhost: vhost,
                ExchangeDefinition(
                    name: name, type: type, durable: flags[0], autoDelete: flags[1], internal: flags[2], arguments: arguments))
        case .exchangeDeleted:
            record = .exchangeDeleted(vhost: try r.readText("vhost"), name: try r.readText("exchange name"))
        case .queueDeclared:
            let vhost = try r.readText("vhost")
            let name = try r.readText("queue name")
            let flags = try r.readBits(3, "queue flags")
            let arguments = try r.readTable("queue arguments")
            record = .queueDeclared(
                vhost: vhost, QueueDefinition(name: name, durable: flags[0], exclusive: flags[1], autoDelete: flags[2], arguments: arguments))
        case .queueDeleted:
            record = .queueDeleted(vhost: try r.readText("vhost"), name: try r.readText("queue name"))
        case .bindingAdded, .bindingRemoved:
            let vhost = try r.readText("vhost")
            let source = try r.readText("binding source")
            let destinationKind = try r.readOctet("binding destination kind")
            let destinationName = try r.readText("binding destination")
            let destination: BindingDestination = destinationKind == 0 ? .queue(destinationName) : .exchange(destinationName)
            let routingKey = try r.readText("routing key")
            let arguments = try r.readTable("binding arguments")
            let binding = Binding(source: source, destination: destination, routingKey: routingKey, arguments: arguments)
            record = kind == .bindingAdded ? .bindingAdded(vhost: vhost, binding) : .bindingRemoved(vhost: vhost, binding)
        case .messageEnqueued:
            let vhost = try r.readText("vhost")
            let queue = try r.readText("queue name")
            let sequence = try r.readLongLong("sequence")
            let flags = try r.readBits(3, "message flags")
            let expiresAt = flags[0] ? Int64(bitPattern: try r.readLongLong("expiry")) : nil
            let exchange = try r.readText("exchange name")
            let keyCount = try r.readLong("routing key count")
            var keys: [String] = []
            for _ in 0..<keyCount { keys.append(try r.readText("routing key")) }
            let headerLength = try r.readLong("content header length")
            let header = try ContentHeader.decode(payload: try r.readSlice(count: Int(headerLength), "content header"))
            let body = try r.readSlice(count: Int(clamping: header.bodySize), "message body")
            let message = Message(
                exchange: exchange, routingKeys: keys, properties: header.properties, body: body, isPersistent: flags[2])
            record = .messageEnqueued(
                vhost: vhost, queue: queue,
                QueuedMessage(message: message, sequence: sequence, expiresAt: expiresAt, delivered: flags[1], journaled: true))
        case .messageRemoved, .messageDelivered:
            let vhost = try r.readText("vhost")
            let queue = try r.readText("queue name")
            let sequence = try r.readLongLong("sequence")
            record = kind == .messageRemoved
                ? .messageRemoved(vhost: vhost, queue: queue, sequence: sequence)
                : .messageDelivered(vhost: vhost, queue: queue, sequence: sequence)
        case .virtualHostDeleted:
            record = .virtualHostDeleted(vhost: try r.readText("vhost"))
        }
        try r.expectEnd(after: "the record")
        return record
    }
}

extension ByteBuffer {
    /// A name as a long string: 4-byte length, UTF-8.
    mutating func writeText(_ text: String) {
        let lengthIndex = writerIndex
        writeInteger(UInt32(0))
        let count = writeString(text)
        setInteger(UInt32(truncatingIfNeeded: count), at: lengthIndex)
    }
}

extension WireReader {
    mutating func readText(_ reading: String) throws(WireError) -> String {
        String(decoding: try readLongString(reading), as: UTF8.self)
    }
}

/// A record whose checksum is right but whose content this version cannot use.
struct RecordFormatError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
