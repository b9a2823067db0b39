import NIOCore

extension ConnectionMethod {
    /// The arguments of method `methodID`, or nil if class 10 has no such method.
    static func decode(methodID: UInt16, from r: inout WireReader) throws(WireError) -> ConnectionMethod? {
        switch methodID {
        case 10:
            return .start(
                Start(
                    versionMajor: try r.readOctet("version-major"), versionMinor: try r.readOctet("version-minor"),
                    serverProperties: try r.readTable("server-properties"), mechanisms: try r.readLongString("mechanisms"),
                    locales: try r.readLongString("locales")))
        case 11:
            return .startOk(
                StartOk(
                    clientProperties: try r.readTable("client-properties"), mechanism: try r.readShortString("mechanism", checkUTF8: true),
                    response: try r.readLongString("response"), locale: try r.readShortString("locale", checkUTF8: true)))
        case 20: return .secure(challenge: try r.readLongString("challenge"))
        case 21: return .secureOk(response: try r.readLongString("response"))
        case 30: return .tune(try readTune(&r))
        case 31: return .tuneOk(try readTune(&r))
        case 40:
            let vhost = try r.readShortString("virtual-host", checkUTF8: true)
            let capabilities = try r.readShortString("capabilities", checkUTF8: true)
            let insist = try r.readBits(1, "insist")
            return .open(Open(virtualHost: vhost, capabilities: capabilities, insist: insist[0]))
        case 41: return .openOk(knownHosts: try r.readShortString("known-hosts", checkUTF8: true))
        case 50: return .close(try CloseReason.read(&r))
        case 51: return .closeOk
        case 60: return .blocked(reason: try r.readShortString("reason", checkUTF8: true))
        case 61: return .unblocked
        case 70:
            return .updateSecret(newSecret: try r.readLongString("new-secret"), reason: try r.readShortString("reason", checkUTF8: true))
        case 71: return .updateSecretOk
        default: return nil
        }
    }

    private static func readTune(_ r: inout WireReader) throws(WireError) -> Tune {
        Tune(channelMax: try r.readShort("channel-max"), frameMax: try r.readLong("frame-max"), heartbeat: try r.readShort("heartbeat"))
    }

    func encodeArguments(into b: inout ByteBuffer) throws(WireError) {
        switch self {
        case .start(let m):
            b.writeInteger(m.versionMajor)
            b.writeInteger(m.versionMinor)
            try b.writeFieldTable(m.serverProperties)
            b.writeLongString(m.mechanisms)
            b.writeLongString(m.locales)
        case .startOk(let m):
            try b.writeFieldTable(m.clientProperties)
            try b.writeShortString(m.mechanism)
            b.writeLongString(m.response)
            try b.writeShortString(m.locale)
        case .secure(let challenge): b.writeLongString(challenge)
        case .secureOk(let response): b.writeLongString(response)
        case .tune(let t), .tuneOk(let t):
            b.writeInteger(t.channelMax)
            b.writeInteger(t.frameMax)
            b.writeInteger(t.heartbeat)
        case .open(let m):
            try b.writeShortString(m.virtualHost)
            try b.writeShortString(m.capabilities)
            b.writeBits([m.insist])
        case .openOk(let knownHosts): try b.writeShortString(knownHosts)
        case .close(let reason): try reason.write(into: &b)
        case .blocked(let reason): try b.writeShortString(reason)
        case .updateSecret(let secret, let reason):
            b.writeLongString(secret)
            try b.writeShortString(reason)
        case .closeOk, .unblocked, .updateSecretOk: break
        }
    }
}

extension CloseReason {
    static func read(_ r: inout WireReader) throws(WireError) -> CloseReason {
        CloseReason(
            replyCode: try r.readShort("reply-code"), replyText: try r.readShortString("reply-text", checkUTF8: true),
            classID: try r.readShort("class-id"), methodID: try r.readShort("method-id"))
    }

    func write(into b: inout ByteBuffer) throws(WireError) {
        b.writeInteger(replyCode)
        try b.writeShortString(replyText)
        b.writeInteger(classID)
        b.writeInteger(methodID)
    }
}
