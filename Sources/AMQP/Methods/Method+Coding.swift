import NIOCore

extension Method {
    /// Why a method payload did not decode.
    public enum DecodingError: Error, Hashable, Sendable {
        /// Fewer than four bytes: no class and method id to read.
        case missingIDs
        case unknownMethod(classID: UInt16, methodID: UInt16)
        case malformedArguments(classID: UInt16, methodID: UInt16, reason: WireError)
    }

    /// A method frame's payload: class id, method id, then exactly the method's arguments.
    public static func decode(payload: ByteBuffer) throws(DecodingError) -> Method {
        var r = WireReader(payload)
        guard r.remaining >= 4, let classID = try? r.readShort("class-id"), let methodID = try? r.readShort("method-id") else {
            throw .missingIDs
        }
        let decoded: Method?
        do {
            switch classID {
            case ConnectionMethod.classID: decoded = try ConnectionMethod.decode(methodID: methodID, from: &r).map(Method.connection)
            case ChannelMethod.classID: decoded = try ChannelMethod.decode(methodID: methodID, from: &r).map(Method.channel)
            case ExchangeMethod.classID: decoded = try ExchangeMethod.decode(methodID: methodID, from: &r).map(Method.exchange)
            case QueueMethod.classID: decoded = try QueueMethod.decode(methodID: methodID, from: &r).map(Method.queue)
            case BasicMethod.classID: decoded = try BasicMethod.decode(methodID: methodID, from: &r).map(Method.basic)
            case ConfirmMethod.classID: decoded = try ConfirmMethod.decode(methodID: methodID, from: &r).map(Method.confirm)
            case TxMethod.classID: decoded = TxMethod.decode(methodID: methodID).map(Method.tx)
            default: decoded = nil
            }
            if decoded != nil { try r.expectEnd(after: "the arguments") }
        } catch {
            throw .malformedArguments(classID: classID, methodID: methodID, reason: error)
        }
        guard let decoded else { throw .unknownMethod(classID: classID, methodID: methodID) }
        return decoded
    }

    /// Class id, method id and arguments: a method frame's payload.
    public func encode(into buffer: inout ByteBuffer) throws(WireError) {
        buffer.writeInteger(classID)
        buffer.writeInteger(methodID)
        switch self {
        case .connection(let m): try m.encodeArguments(into: &buffer)
        case .channel(let m): try m.encodeArguments(into: &buffer)
        case .exchange(let m): try m.encodeArguments(into: &buffer)
        case .queue(let m): try m.encodeArguments(into: &buffer)
        case .basic(let m): try m.encodeArguments(into: &buffer)
        case .confirm(let m): m.encodeArguments(into: &buffer)
        case .tx: break
        }
    }
}
