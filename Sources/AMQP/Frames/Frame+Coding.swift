import NIOCore

extension Frame {
    /// The whole frame: type, channel, payload size, payload, end octet.
    public func encode(into b: inout ByteBuffer) throws(WireError) {
        b.writeInteger(type.rawValue)
        b.writeInteger(channel)
        let sizeIndex = b.writerIndex
        b.writeInteger(UInt32(0))
        switch self {
        case .method(_, let method): try method.encode(into: &b)
        case .header(_, let header): try header.encode(into: &b)
        case .body(_, let body): b.writeImmutableBuffer(body)
        case .heartbeat: break
        }
        b.setInteger(UInt32(truncatingIfNeeded: b.writerIndex - sizeIndex - 4), at: sizeIndex)
        b.writeInteger(FrameConstants.frameEnd)
    }

    /// A frame's payload, once the frame boundaries are known, as RabbitMQ's
    /// `rabbit_command_assembler:analyze_frame` and the method decoder read it.
    public static func decode(type: UInt8, channel: UInt16, payload: ByteBuffer) -> Result<Frame, FrameError> {
        switch FrameType(rawValue: type) {
        case .method:
            do {
                return .success(.method(channel: channel, try Method.decode(payload: payload)))
            } catch {
                switch error {
                case .missingIDs:
                    return .failure(.unknownFrame(type: type, channel: channel, payload: Array(buffer: payload)))
                case .unknownMethod(let classID, let methodID):
                    return .failure(.unknownMethod(channel: channel, classID: classID, methodID: methodID))
                case .malformedArguments(let classID, let methodID, let reason):
                    return .failure(
                        .malformedMethod(
                            channel: channel, classID: classID, methodID: methodID,
                            fields: Array(payload.getSlice(at: payload.readerIndex + 4, length: payload.readableBytes - 4)?.readableBytesView ?? []),
                            reason: reason))
                }
            }
        case .header:
            guard payload.readableBytes >= ContentHeader.fixedSize else {
                return .failure(.unknownFrame(type: type, channel: channel, payload: Array(buffer: payload)))
            }
            do {
                return .success(.header(channel: channel, try ContentHeader.decode(payload: payload)))
            } catch {
                return .failure(.malformedContentHeader(channel: channel, payload: Array(buffer: payload), reason: error))
            }
        case .body:
            return .success(.body(channel: channel, payload))
        case .heartbeat where payload.readableBytes == 0:
            return .success(.heartbeat(channel: channel))
        case .heartbeat, nil:
            return .failure(.unknownFrame(type: type, channel: channel, payload: Array(buffer: payload)))
        }
    }
}
