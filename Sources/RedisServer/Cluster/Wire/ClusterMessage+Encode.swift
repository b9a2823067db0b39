import NIOCore

extension ClusterMessage {
    /// `totlen`: the bytes `encode(into:)` writes.
    public var encodedLength: Int {
        typealias L = ClusterBusLayout
        switch body {
        case .ping(let ping), .pong(let ping), .meet(let ping):
            return L.headerLength + ping.gossip.count * L.gossipEntryLength
                + ping.extensions.reduce(0) { $0 + $1.encodedLength }
        case .fail: return L.headerLength + L.failLength
        case .publish(let channel, let message), .publishShard(let channel, let message):
            return L.headerLength + L.publishHeaderLength + channel.count + message.count
        case .failoverAuthRequest, .failoverAuthAck, .mfStart: return L.headerLength
        case .update: return L.headerLength + L.updateLength
        case .module(_, _, let payload): return L.headerLength + L.moduleHeaderLength + payload.count
        case .unknown(_, let payload): return L.headerLength + payload.count
        }
    }

    /// Appends the message as Redis 7.0 lays it out (`clusterBuildMessageHdr`,
    /// `clusterSendPing`, `clusterSendPublish`, ...): big-endian, reserved bytes zero,
    /// `count`/`extensions` from a ping body (0 for other types), `.extensionData` added to
    /// the message flags when a ping body has extensions.
    public func encode(into buffer: inout ByteBuffer) {
        typealias L = ClusterBusLayout
        let length = encodedLength
        precondition(length <= UInt32.max, "a cluster bus message is at most 4 GiB")
        let ping = body.pingBody
        let count = ping?.gossip.count ?? 0
        let extensionCount = ping?.extensions.count ?? 0
        var messageFlags = messageFlags
        precondition(count <= UInt16.max && extensionCount <= UInt16.max, "count and extensions are 16-bit fields")
        if extensionCount > 0 { messageFlags.insert(.extensionData) }

        buffer.reserveCapacity(minimumWritableBytes: length)
        let start = buffer.writerIndex
        buffer.writeBytes(L.signature)
        buffer.writeInteger(UInt32(length))
        buffer.writeInteger(version)
        buffer.writeInteger(port)
        buffer.writeInteger(type.rawValue)
        buffer.writeInteger(UInt16(count))
        buffer.writeInteger(currentEpoch)
        buffer.writeInteger(configEpoch)
        buffer.writeInteger(replicationOffset)
        sender.write(to: &buffer)
        slots.write(to: &buffer)
        (replicaOf ?? .zero).write(to: &buffer)
        buffer.writeNulPaddedField(announcedIP ?? "", length: L.ipLength)
        buffer.writeInteger(UInt16(extensionCount))
        buffer.writeRepeatingByte(0, count: L.unused1Length)
        buffer.writeInteger(plaintextPort)
        buffer.writeInteger(busPort)
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(state.rawValue)
        buffer.writeInteger(UInt8(truncatingIfNeeded: messageFlags.rawValue))
        buffer.writeInteger(UInt8(truncatingIfNeeded: messageFlags.rawValue >> 8))
        buffer.writeInteger(UInt8(truncatingIfNeeded: messageFlags.rawValue >> 16))
        assert(buffer.writerIndex - start == L.headerLength)

        switch body {
        case .ping(let ping), .pong(let ping), .meet(let ping):
            for entry in ping.gossip { entry.write(to: &buffer) }
            for ext in ping.extensions { ext.write(to: &buffer) }
        case .fail(let node):
            node.write(to: &buffer)
        case .publish(let channel, let message), .publishShard(let channel, let message):
            buffer.writeInteger(UInt32(channel.count))
            buffer.writeInteger(UInt32(message.count))
            channel.withUnsafeBytes { _ = buffer.writeBytes($0) }
            message.withUnsafeBytes { _ = buffer.writeBytes($0) }
        case .failoverAuthRequest, .failoverAuthAck, .mfStart:
            break
        case .update(let configEpoch, let node, let slots):
            buffer.writeInteger(configEpoch)
            node.write(to: &buffer)
            slots.write(to: &buffer)
        case .module(let moduleID, let type, let payload):
            buffer.writeInteger(moduleID)
            buffer.writeInteger(UInt32(payload.count))
            buffer.writeInteger(type)
            buffer.writeBytes(payload)
        case .unknown(_, let payload):
            buffer.writeBytes(payload)
        }
        assert(buffer.writerIndex - start == length)
    }

    /// The encoded bytes in a new buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: encodedLength)
        encode(into: &buffer)
        return buffer
    }
}
