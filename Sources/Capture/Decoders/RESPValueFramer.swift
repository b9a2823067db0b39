import NIOCore
import RESP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where one whole RESP2/RESP3 value ends without building it, so that `RESPValueParser`
/// runs once per value instead of once per arriving segment (a 100,000-element reply split
/// over 700 segments would otherwise be re-parsed 700 times). Between calls it keeps how far
/// it got and the element counts of the aggregates still open; it also enforces the limits
/// that keep a hostile length from stalling or overflowing the parser.
struct RESPValueFramer {
    struct Limits: Sendable {
        var maxLineLength = 1 << 20
        var maxBulkLength = 512 << 20
        var maxDepth = 256
    }

    struct Failure: Error {
        /// Offset from the value's first byte.
        var position: Int
        var reason: String
    }

    private struct Open {
        var remaining: Int
        /// An attribute (`|`) decorates the value after it and is not an element itself.
        var isAttribute: Bool
    }

    let limits: Limits
    /// Bytes of the current value known to be whole elements, from the reader index.
    private var scanned = 0
    private var open: [Open] = []

    init(limits: Limits = Limits()) {
        self.limits = limits
        open.reserveCapacity(8)
    }

    /// True when part of a value has been seen.
    var isMidValue: Bool { scanned > 0 }

    /// The length of the whole value at `buffer`'s reader index, or nil when more bytes are
    /// needed. After a non-nil answer the framer is ready for the next value.
    mutating func frame(_ buffer: ByteBuffer) throws(Failure) -> Int? {
        while true {
            guard let type = buffer.getInteger(at: buffer.readerIndex + scanned, as: UInt8.self) else { return nil }
            // Judge the type first: a stream that is no RESP may have no CR to wait for.
            guard Self.types.contains(type) else {
                throw Failure(position: scanned, reason: "unknown type byte \(Self.show(type))")
            }
            guard let line = try nextLine(buffer) else { return nil }
            var ended = false
            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "_"), UInt8(ascii: ","),
                UInt8(ascii: "#"), UInt8(ascii: "("):
                scanned = line.end
                ended = true
            case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
                let length = try self.length(buffer, line, allowingNull: true)
                if length < 0 {
                    scanned = line.end
                } else {
                    let end = line.end + length + 2
                    guard buffer.readableBytes >= end else { return nil }
                    guard buffer.getInteger(at: buffer.readerIndex + end - 2, as: UInt16.self) == 0x0D0A else {
                        throw Failure(position: end - 2, reason: "a \(length)-byte string not followed by CRLF")
                    }
                    scanned = end
                }
                ended = true
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
                let isMap = type == UInt8(ascii: "%") || type == UInt8(ascii: "|")
                let count = try length(buffer, line, allowingNull: type == UInt8(ascii: "*"))
                scanned = line.end
                let elements = isMap ? count.multipliedReportingOverflow(by: 2).partialValue : count
                if elements > 0 {
                    guard open.count < limits.maxDepth else {
                        throw Failure(position: line.start, reason: "nesting deeper than \(limits.maxDepth)")
                    }
                    open.append(Open(remaining: elements, isAttribute: type == UInt8(ascii: "|")))
                } else {
                    // An empty attribute decorates the next value and counts for nothing.
                    ended = type != UInt8(ascii: "|")
                }
            default:
                throw Failure(position: scanned, reason: "unknown type byte \(Self.show(type))")
            }
            if ended, elementEnded() {
                let length = scanned
                scanned = 0
                return length
            }
        }
    }

    /// Counts one element against the open aggregates; true when the whole value is done.
    private mutating func elementEnded() -> Bool {
        while let last = open.indices.last {
            open[last].remaining -= 1
            if open[last].remaining > 0 { return false }
            // The value an attribute decorates is still to come, and counts for the parent.
            if open.removeLast().isAttribute { return false }
        }
        return true
    }

    private struct Line {
        var start: Int
        /// Offset of the CR.
        var cr: Int
        /// Offset just after the LF.
        var end: Int
    }

    /// The line starting at `scanned`, once its CRLF has arrived.
    private func nextLine(_ buffer: ByteBuffer) throws(Failure) -> Line? {
        let available = buffer.readableBytes - scanned
        guard available > 0 else { return nil }
        let searched = min(available, limits.maxLineLength + 2)
        let cr = buffer.withUnsafeReadableBytes { raw -> Int? in
            guard let base = raw.baseAddress, let hit = memchr(base + scanned, 13, searched) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        guard let cr else {
            if available > limits.maxLineLength + 1 {
                throw Failure(position: scanned, reason: "a line longer than \(limits.maxLineLength) bytes")
            }
            return nil
        }
        guard cr + 1 < buffer.readableBytes else { return nil }
        guard buffer.getInteger(at: buffer.readerIndex + cr + 1, as: UInt8.self) == 10 else {
            throw Failure(position: cr, reason: "CR not followed by LF")
        }
        return Line(start: scanned, cr: cr, end: cr + 2)
    }

    private func length(_ buffer: ByteBuffer, _ line: Line, allowingNull: Bool) throws(Failure) -> Int {
        let value = buffer.withUnsafeReadableBytes { raw in
            parseStrictInt64(UnsafeRawBufferPointer(rebasing: raw[(line.start + 1)..<line.cr]))
        }
        guard let value, value >= (allowingNull ? -1 : 0), value <= Int64(limits.maxBulkLength) else {
            let text = buffer.getString(at: buffer.readerIndex + line.start, length: min(line.cr - line.start, 40)) ?? ""
            throw Failure(position: line.start, reason: "bad length in '\(text)'")
        }
        return Int(value)
    }

    private static let types = Set("+-:_,#($=!*~>%|".utf8)

    static func show(_ byte: UInt8) -> String {
        let hex = "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
        return (32..<127).contains(byte) ? "'\(Character(UnicodeScalar(byte)))' (\(hex))" : hex
    }
}
