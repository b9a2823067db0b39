import NIOCore

extension ClusterMessage {
    /// Checks the first 8 bytes of a message (at `buffer.readerIndex`) as `clusterReadHandler`
    /// does — signature "RCmb", `totlen` at least the 2256-byte header — plus our upper
    /// `limit`, and returns `totlen`. Nil when fewer than 8 bytes are readable.
    static func frameLength(of buffer: ByteBuffer, limit: Int) throws(ClusterBusError) -> Int? {
        let start = buffer.readerIndex
        guard let sig = buffer.getBytes(at: start, length: 4),
            let totlen: UInt32 = buffer.getInteger(at: start + ClusterBusLayout.totalLengthOffset)
        else { return nil }
        guard sig == ClusterBusLayout.signature else { throw .badSignature(sig) }
        guard totlen >= ClusterBusLayout.headerLength else { throw .lengthBelowMinimum(length: totlen) }
        guard Int(totlen) <= limit else { throw .lengthAboveLimit(length: totlen, limit: limit) }
        return Int(totlen)
    }

    /// Decodes one whole message: `frame`'s readable bytes must be exactly its `totlen`.
    ///
    /// Validates as Redis 7.0 does (`clusterReadHandler`, then `clusterProcessPacket`, in
    /// that order): signature and minimum length, then `ver == 1` (before anything
    /// type-specific), then `totlen` against the length the type implies. Unknown types are
    /// accepted with any length. Where Redis would read past the message (a `count` or an
    /// extension header beyond `totlen`, an extension shorter than its header) this refuses
    /// it; extension lengths are read as the full 32 bits (Redis validates them truncated to
    /// 16 bits); PUBLISH/MODULE lengths are added without 32-bit wrap-around.
    public static func decode(_ frame: ByteBuffer) throws(ClusterBusError) -> ClusterMessage {
        typealias L = ClusterBusLayout
        let base = frame.readerIndex
        let length = frame.readableBytes
        guard let totlen = try frameLength(of: frame, limit: Int(UInt32.max)) else {
            throw .frameSizeMismatch(declared: nil, available: length)
        }
        guard totlen == length else { throw .frameSizeMismatch(declared: totlen, available: length) }

        func u8(_ offset: Int) -> UInt8 { frame.getInteger(at: base + offset)! }
        func u16(_ offset: Int) -> UInt16 { frame.getInteger(at: base + offset)! }
        func u32(_ offset: Int) -> UInt32 { frame.getInteger(at: base + offset)! }
        func u64(_ offset: Int) -> UInt64 { frame.getInteger(at: base + offset)! }
        func nodeID(_ offset: Int) -> ClusterNodeID { ClusterNodeID(buffer: frame, at: base + offset)! }

        let type = ClusterMessageType(rawValue: u16(L.typeOffset))
        let version = u16(L.versionOffset)
        guard version == L.protocolVersion else { throw .unsupportedVersion(version: version, type: type) }

        let messageFlags = ClusterMessageFlags(
            rawValue: UInt32(u8(L.messageFlagsOffset)) | UInt32(u8(L.messageFlagsOffset + 1)) << 8
                | UInt32(u8(L.messageFlagsOffset + 2)) << 16)

        func expect(_ expected: Int) throws(ClusterBusError) {
            guard length == expected else { throw .lengthMismatch(type: type, length: length, expected: expected) }
        }
        func need(_ bytes: Int) throws(ClusterBusError) {
            guard length >= L.dataOffset + bytes else {
                throw .bodyTruncated(type: type, offset: L.dataOffset, needed: bytes, length: length)
            }
        }

        let body: Body
        switch type {
        case .ping, .pong, .meet:
            let ping = try decodePingBody(
                frame, type: type, count: Int(u16(L.countOffset)), extensions: Int(u16(L.extensionsOffset)),
                hasExtensions: messageFlags.contains(.extensionData))
            body = type == .ping ? .ping(ping) : type == .pong ? .pong(ping) : .meet(ping)
        case .fail:
            try expect(L.dataOffset + L.failLength)
            body = .fail(node: nodeID(L.dataOffset))
        case .publish, .publishShard:
            try need(L.publishHeaderLength)
            let channelLength = Int(u32(L.dataOffset))
            let messageLength = Int(u32(L.dataOffset + 4))
            try expect(L.dataOffset + L.publishHeaderLength + channelLength + messageLength)
            let channelStart = base + L.dataOffset + L.publishHeaderLength
            let channel = Bytes(frame.getSlice(at: channelStart, length: channelLength)!)
            let message = Bytes(frame.getSlice(at: channelStart + channelLength, length: messageLength)!)
            body = type == .publish ? .publish(channel: channel, message: message) : .publishShard(channel: channel, message: message)
        case .failoverAuthRequest, .failoverAuthAck, .mfStart:
            try expect(L.headerLength)
            body = type == .failoverAuthRequest ? .failoverAuthRequest : type == .failoverAuthAck ? .failoverAuthAck : .mfStart
        case .update:
            try expect(L.dataOffset + L.updateLength)
            body = .update(
                configEpoch: u64(L.dataOffset), node: nodeID(L.dataOffset + 8),
                slots: SlotBitmap(buffer: frame, at: base + L.dataOffset + 48)!)
        case .module:
            try need(L.moduleHeaderLength)
            let payloadLength = Int(u32(L.dataOffset + 8))
            try expect(L.dataOffset + L.moduleHeaderLength + payloadLength)
            body = .module(
                moduleID: u64(L.dataOffset), type: u8(L.dataOffset + 12),
                payload: frame.getBytes(at: base + L.dataOffset + L.moduleHeaderLength, length: payloadLength)!)
        default:
            body = .unknown(type: type.rawValue, payload: frame.getBytes(at: base + L.dataOffset, length: length - L.dataOffset)!)
        }

        let slaveof = nodeID(L.slaveofOffset)
        let myIP = frame.getNulTerminatedField(at: base + L.myIPOffset, length: L.ipLength)
        return ClusterMessage(
            version: version, port: u16(L.portOffset), currentEpoch: u64(L.currentEpochOffset),
            configEpoch: u64(L.configEpochOffset), replicationOffset: u64(L.replicationOffsetOffset),
            sender: nodeID(L.senderOffset), slots: SlotBitmap(buffer: frame, at: base + L.slotsOffset)!,
            replicaOf: slaveof.isZero ? nil : slaveof, announcedIP: myIP.isEmpty ? nil : myIP,
            plaintextPort: u16(L.pportOffset), busPort: u16(L.cportOffset),
            flags: ClusterNodeFlags(rawValue: u16(L.flagsOffset)), state: ClusterState(rawValue: u8(L.stateOffset)),
            messageFlags: messageFlags, body: body)
    }

    /// The gossip section and, when the header says so, the extensions; the whole must end
    /// exactly at `totlen`.
    private static func decodePingBody(
        _ frame: ByteBuffer, type: ClusterMessageType, count: Int, extensions: Int, hasExtensions: Bool
    ) throws(ClusterBusError) -> ClusterPingBody {
        typealias L = ClusterBusLayout
        let base = frame.readerIndex
        let length = frame.readableBytes
        var offset = L.dataOffset + count * L.gossipEntryLength
        guard offset <= length else { throw .gossipBeyondEnd(type: type, count: count, length: length) }
        let gossip = (0..<count).map {
            ClusterGossipEntry(buffer: frame, at: base + L.dataOffset + $0 * L.gossipEntryLength)
        }

        var found: [ClusterPingExtension] = []
        if hasExtensions {
            for index in 0..<extensions {
                let remaining = length - offset
                guard remaining >= L.extensionHeaderLength else {
                    throw .extensionHeaderTruncated(type: type, index: index, offset: offset, length: length)
                }
                let extensionLength = Int(frame.getInteger(at: base + offset, as: UInt32.self)!)
                guard extensionLength % 8 == 0 else {
                    throw .extensionPadding(type: type, index: index, offset: offset, extensionLength: extensionLength)
                }
                guard extensionLength <= remaining else {
                    throw .extensionOverflow(
                        type: type, index: index, offset: offset, extensionLength: extensionLength, remaining: remaining)
                }
                guard extensionLength >= L.extensionHeaderLength else {
                    throw .extensionTooShort(type: type, index: index, offset: offset, extensionLength: extensionLength)
                }
                let extensionType: UInt16 = frame.getInteger(at: base + offset + 4)!
                found.append(ClusterPingExtension(buffer: frame, at: base + offset, type: extensionType, length: extensionLength))
                offset += extensionLength
            }
        }
        guard offset == length else { throw .lengthMismatch(type: type, length: length, expected: offset) }
        return ClusterPingBody(gossip: gossip, extensions: found)
    }
}
