import Capture
import NIOCore

/// What a decoder made of a whole stream: messages with their offsets, then the error that
/// stopped it, if any.
struct DecodedStream: Equatable {
    var messages: [ApplicationMessage] = []
    var offsets: [Int64] = []
    var error: MessageDecodingError?
}

enum DecoderFeeding {
    /// Feeds `bytes` in the given pieces (sizes), taking messages after each, then finishes.
    static func decode<D: OffsetReporting>(
        _ decoder: D, _ bytes: [UInt8], pieces: [Int]? = nil, finish: Bool = true
    ) -> DecodedStream {
        var decoder = decoder
        var result = DecodedStream()
        var start = 0
        func take(_ final: Bool) -> Bool {
            do throws(MessageDecodingError) {
                while true {
                    guard let message = final ? try decoder.finish() : try decoder.next() else { return true }
                    result.messages.append(message)
                    result.offsets.append(decoder.lastMessageOffset)
                }
            } catch {
                result.error = error
                return false
            }
        }
        for size in pieces ?? [bytes.count] where start < bytes.count {
            let end = min(bytes.count, start + size)
            decoder.append(ByteBuffer(bytes: bytes[start..<end]))
            start = end
            guard take(false) else { return result }
        }
        if start < bytes.count {
            decoder.append(ByteBuffer(bytes: bytes[start...]))
            guard take(false) else { return result }
        }
        if finish { _ = take(true) }
        return result
    }

    /// The stream decoded whole, byte by byte, and split in two at every position: all the same.
    static func splitsAgree<D: OffsetReporting>(
        _ decoder: D, _ bytes: [UInt8], finish: Bool = true
    ) -> (whole: DecodedStream, disagreeing: [String]) {
        let whole = decode(decoder, bytes, finish: finish)
        var disagreeing: [String] = []
        if decode(decoder, bytes, pieces: Array(repeating: 1, count: bytes.count), finish: finish) != whole {
            disagreeing.append("byte by byte")
        }
        for split in 1..<max(1, bytes.count) where decode(decoder, bytes, pieces: [split], finish: finish) != whole {
            disagreeing.append("split at \(split)")
        }
        return (whole, disagreeing)
    }
}

extension DecodedStream {
    /// Whether decoding stopped with an error at `offset` whose reason mentions `reason`.
    func failed(at offset: Int64, mentioning reason: String) -> Bool {
        error?.streamOffset == offset && error?.reason.contains(reason) == true
    }
}

extension Array where Element == UInt8 {
    init(text: String) { self = Array(text.utf8) }
}

/// The decoders' offset of the message they returned last (not part of `MessageStreamDecoder`).
protocol OffsetReporting: MessageStreamDecoder {
    var lastMessageOffset: Int64 { get }
}

extension RESPStreamDecoder: OffsetReporting {}
extension AMQPStreamDecoder: OffsetReporting {}
extension HTTPStreamDecoder: OffsetReporting {}
