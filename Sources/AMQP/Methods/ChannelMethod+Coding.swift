import NIOCore

extension ChannelMethod {
    static func decode(methodID: UInt16, from r: inout WireReader) throws(WireError) -> ChannelMethod? {
        switch methodID {
        case 10: return .open(outOfBand: try r.readShortString("out-of-band", checkUTF8: true))
        case 11: return .openOk(channelID: try r.readLongString("channel-id"))
        case 20: return .flow(active: try r.readBits(1, "active")[0])
        case 21: return .flowOk(active: try r.readBits(1, "active")[0])
        case 40: return .close(try CloseReason.read(&r))
        case 41: return .closeOk
        default: return nil
        }
    }

    func encodeArguments(into b: inout ByteBuffer) throws(WireError) {
        switch self {
        case .open(let outOfBand): try b.writeShortString(outOfBand)
        case .openOk(let channelID): b.writeLongString(channelID)
        case .flow(let active), .flowOk(let active): b.writeBits([active])
        case .close(let reason): try reason.write(into: &b)
        case .closeOk: break
        }
    }
}
