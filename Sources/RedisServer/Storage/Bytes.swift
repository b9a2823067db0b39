import NIOCore
import RESP

/// A binary-safe string — Redis's `sds` — used for keys, values and members.
///
/// Up to 23 bytes are stored inline, with no allocation (most keys, fields, members and many
/// values are that short — `key:000000001234` included); longer strings live in one
/// immutable heap array. The representation is canonical (short strings are always inline),
/// so equality and hashing can look at the words directly.
public struct Bytes: Sendable {
    enum Storage: Sendable {
        /// Bytes 0-7 in `a`, 8-15 in `b`, 16-22 in `c`, the count in the top byte of `c`.
        case inline(a: UInt64, b: UInt64, c: UInt64)
        case heap(ContiguousArray<UInt8>)
    }

    var storage: Storage

    static let inlineCapacity = 23

    public static let empty = Bytes(storage: .inline(a: 0, b: 0, c: 0))

    init(storage: Storage) { self.storage = storage }
    public init(_ raw: UnsafeRawBufferPointer) {
        let n = raw.count
        if n <= Bytes.inlineCapacity {
            var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &words) { dst in
                if n > 0 { dst.baseAddress!.copyMemory(from: raw.baseAddress!, byteCount: n) }
            }
            storage = .inline(
                a: UInt64(littleEndian: words.0), b: UInt64(littleEndian: words.1),
                c: UInt64(littleEndian: words.2) | UInt64(n) << 56)
        } else {
            storage = .heap(ContiguousArray(raw))
        }
    }
    public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        if let done = bytes.withContiguousStorageIfAvailable({ Bytes(UnsafeRawBufferPointer($0)) }) {
            self = done
        } else {
            let array = ContiguousArray(bytes)
            self = array.withUnsafeBytes { Bytes($0) }
        }
    }
    public init(_ buffer: ByteBuffer) {
        self = buffer.withUnsafeReadableBytes { Bytes($0) }
    }
    public init(_ string: String) {
        var s = string
        self = s.withUTF8 { Bytes(UnsafeRawBufferPointer($0)) }
    }

    /// The decimal form of an integer, as Redis stores the result of INCR.
    public init(_ value: Int64) {
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        self = withUnsafeMutableBytes(of: &digits) { buf in
            var i = 24
            repeat {
                i -= 1
                buf[i] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 {
                i -= 1
                buf[i] = UInt8(ascii: "-")
            }
            return Bytes(UnsafeRawBufferPointer(rebasing: buf[i..<24]))
        }
    }
    public var count: Int {
        switch storage {
        case .inline(_, _, let c): return Int(c >> 56)
        case .heap(let array): return array.count
        }
    }

    public var isEmpty: Bool { count == 0 }
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .inline(let a, let b, let c):
            var words = (a.littleEndian, b.littleEndian, c.littleEndian)
            let n = Int(c >> 56)
            return try Swift.withUnsafeBytes(of: &words) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        case .heap(let array):
            return try array.withUnsafeBytes(body)
        }
    }

    public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lossy UTF-8 text, for logs, errors and text replies.
    public var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    /// The value as a Redis integer (`string2ll` rules), or nil.
    public var int64: Int64? {
        if count > 20 { return nil }
        return withUnsafeBytes { parseStrictInt64($0) }
    }

    public subscript(_ range: Range<Int>) -> Bytes {
        withUnsafeBytes { Bytes(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    public static func + (lhs: Bytes, rhs: Bytes) -> Bytes {
        var out = ContiguousArray<UInt8>()
        out.reserveCapacity(lhs.count + rhs.count)
        lhs.withUnsafeBytes { out.append(contentsOf: $0) }
        rhs.withUnsafeBytes { out.append(contentsOf: $0) }
        return out.withUnsafeBytes { Bytes($0) }
    }

    /// Case-insensitive comparison against an ASCII keyword (command options such as `NX`).
    public func equalsIgnoringCase(_ keyword: StaticString) -> Bool {
        guard count == keyword.utf8CodeUnitCount else { return false }
        return withUnsafeBytes { raw in
            let k = keyword.utf8Start
            for i in 0..<raw.count where raw[i] | 0x20 != k[i] | 0x20 {
                return false
            }
            return true
        }
    }

    /// ASCII-lowercased copy (command names).
    public func lowercased() -> Bytes {
        withUnsafeBytes { raw in
            var copy = ContiguousArray(raw)
            for i in copy.indices where copy[i] >= 65 && copy[i] <= 90 { copy[i] |= 0x20 }
            return copy.withUnsafeBytes { Bytes($0) }
        }
    }
}

extension Bytes: Hashable {
    @inline(__always)
    public static func == (lhs: Bytes, rhs: Bytes) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.inline(let a0, let a1, let a2), .inline(let b0, let b1, let b2)):
            return a0 == b0 && a1 == b1 && a2 == b2
        case (.heap(let a), .heap(let b)):
            return a.count == b.count && a.withUnsafeBytes { pa in
                b.withUnsafeBytes { pb in memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0 }
            }
        default:
            return false
        }
    }
    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .inline(let a, let b, let c):
            hasher.combine(a)
            hasher.combine(b)
            hasher.combine(c)
        case .heap(let array):
            array.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

extension Bytes: Comparable {
    /// Byte-wise order (`memcmp`, shorter first on a common prefix), as Redis's `sdscmp`.
    public static func < (lhs: Bytes, rhs: Bytes) -> Bool {
        compare(lhs, rhs) < 0
    }
    public static func compare(_ lhs: Bytes, _ rhs: Bytes) -> Int {
        lhs.withUnsafeBytes { a in
            rhs.withUnsafeBytes { b in
                let n = min(a.count, b.count)
                if n > 0 {
                    let c = memcmp(a.baseAddress!, b.baseAddress!, n)
                    if c != 0 { return Int(c) }
                }
                return a.count - b.count
            }
        }
    }
}

extension Bytes: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}

extension Bytes: CustomStringConvertible {
    public var description: String { string }
}

extension ByteBuffer {
    public mutating func writeBytes(_ bytes: Bytes) {
        bytes.withUnsafeBytes { _ = writeBytes($0) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
