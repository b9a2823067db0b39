/// A cursor over RDB bytes: the length and string encodings (`rdbLoadLen`,
/// `rdbGenericLoadStringObject`). Every read checks the remaining bytes first, so corrupt
/// lengths end in an `RDBError` naming the offset, never in a huge allocation or a crash.
struct RDBReader {
    let data: UnsafeRawBufferPointer
    var offset: Int

    init(_ data: UnsafeRawBufferPointer, offset: Int = 0) {
        self.data = data
        self.offset = offset
    }

    var remaining: Int { data.count - offset }
    var isAtEnd: Bool { offset >= data.count }

    func error(_ message: String, at position: Int? = nil, kind: RDBError.Kind = .malformed) -> RDBError {
        RDBError(offset: position ?? offset, message, kind: kind)
    }

    mutating func byte(_ what: @autoclosure () -> String = "a type byte") throws(RDBError) -> UInt8 {
        guard offset < data.count else { throw error("unexpected end of data reading \(what())") }
        let b = data[offset]
        offset += 1
        return b
    }

    mutating func take(_ n: Int, _ what: @autoclosure () -> String) throws(RDBError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else {
            throw error("unexpected end of data reading \(what()) (\(n) bytes needed, \(remaining) left)")
        }
        let slice = UnsafeRawBufferPointer(rebasing: data[offset..<(offset + n)])
        offset += n
        return slice
    }

    mutating func uint32LE(_ what: @autoclosure () -> String) throws(RDBError) -> UInt32 {
        let raw = try take(4, what())
        return UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))
    }

    mutating func uint64LE(_ what: @autoclosure () -> String) throws(RDBError) -> UInt64 {
        let raw = try take(8, what())
        return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    }

    /// A length, or (when `encoded` is true) the 6-bit special encoding of a string.
    mutating func lengthOrEncoding() throws(RDBError) -> (value: UInt64, encoded: Bool) {
        let start = offset
        let first = try byte("a length")
        switch first >> 6 {
        case 0:
            return (UInt64(first & 0x3f), false)
        case 1:
            let second = try byte("a 14-bit length")
            return (UInt64(first & 0x3f) << 8 | UInt64(second), false)
        case 3:
            return (UInt64(first & 0x3f), true)
        default:
            if first == 0x80 {
                let raw = try take(4, "a 32-bit length")
                return (UInt64(UInt32(bigEndian: raw.loadUnaligned(as: UInt32.self))), false)
            }
            if first == 0x81 {
                let raw = try take(8, "a 64-bit length")
                return (UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)), false)
            }
            throw error("unknown length encoding 0x\(String(first, radix: 16))", at: start)
        }
    }

    /// A plain length (a count or a size), which must fit in an Int.
    mutating func length(_ what: @autoclosure () -> String = "length") throws(RDBError) -> Int {
        let start = offset
        let (value, encoded) = try lengthOrEncoding()
        if encoded { throw error("expected a \(what()), found a string encoding", at: start) }
        guard value <= UInt64(Int.max) else { throw error("\(what()) \(value) is too large", at: start) }
        return Int(value)
    }

    /// A string as Redis stores it: raw bytes, an integer (`0xC0`-`0xC2`) or LZF (`0xC3`).
    mutating func string(_ what: @autoclosure () -> String = "a string") throws(RDBError) -> Bytes {
        let start = offset
        let (value, encoded) = try lengthOrEncoding()
        if !encoded {
            guard value <= UInt64(remaining) else {
                throw error("\(what()) of \(value) bytes runs past the end (\(remaining) left)", at: start)
            }
            return Bytes(try take(Int(value), what()))
        }
        switch UInt8(value) {
        case RDBFormat.StringEncoding.int8, RDBFormat.StringEncoding.int16, RDBFormat.StringEncoding.int32:
            return Bytes(try integer(encoding: UInt8(value)))
        case RDBFormat.StringEncoding.lzf:
            return try lzfString(start: start) { raw in Bytes(raw) }
        default:
            throw error("unknown string encoding \(value)", at: start)
        }
    }

    /// A string blob holding an encoded structure (listpack, intset, ziplist...), passed to
    /// `body` without copying when stored raw. `base` is the file offset of the blob's first
    /// byte, or nil when it was LZF-compressed (then `start` is where the string began).
    @discardableResult
    mutating func blob<R>(
        _ what: String, _ body: (_ bytes: UnsafeRawBufferPointer, _ base: Int?) throws(RDBError) -> R
    ) throws(RDBError) -> R {
        let start = offset
        let (value, encoded) = try lengthOrEncoding()
        if !encoded {
            guard value <= UInt64(remaining) else {
                throw error("\(what) of \(value) bytes runs past the end (\(remaining) left)", at: start)
            }
            let base = offset
            return try body(try take(Int(value), what), base)
        }
        switch UInt8(value) {
        case RDBFormat.StringEncoding.int8, RDBFormat.StringEncoding.int16, RDBFormat.StringEncoding.int32:
            // Redis hands the decimal text to the structure parser, which then rejects it.
            let text = Bytes(try integer(encoding: UInt8(value)))
            return try text.withBytes { raw throws(RDBError) in try body(raw, nil) }
        case RDBFormat.StringEncoding.lzf:
            return try lzfString(start: start) { raw throws(RDBError) in try body(raw, nil) }
        default:
            throw error("unknown string encoding \(value)", at: start)
        }
    }

    private mutating func integer(encoding: UInt8) throws(RDBError) -> Int64 {
        switch encoding {
        case RDBFormat.StringEncoding.int8:
            return Int64(Int8(bitPattern: try byte("an 8-bit integer")))
        case RDBFormat.StringEncoding.int16:
            let raw = try take(2, "a 16-bit integer")
            return Int64(Int16(littleEndian: raw.loadUnaligned(as: Int16.self)))
        default:
            let raw = try take(4, "a 32-bit integer")
            return Int64(Int32(littleEndian: raw.loadUnaligned(as: Int32.self)))
        }
    }

    /// `0xC3 <compressed length> <original length> <compressed bytes>`.
    private mutating func lzfString<R>(
        start: Int, _ body: (UnsafeRawBufferPointer) throws(RDBError) -> R
    ) throws(RDBError) -> R {
        let compressedLength = try length("LZF compressed length")
        let originalLength = try length("LZF original length")
        guard compressedLength <= remaining else {
            throw error("LZF string of \(compressedLength) compressed bytes runs past the end (\(remaining) left)", at: start)
        }
        // A back reference yields at most 264 bytes from 3 input bytes: anything claiming
        // more is corrupt, and refusing it early avoids allocating for a lie.
        guard originalLength <= compressedLength * 88 else {
            throw error("LZF string claims \(originalLength) bytes from \(compressedLength) compressed ones", at: start)
        }
        let compressed = try take(compressedLength, "LZF data")
        let dataStart = offset - compressedLength
        let buffer: [UInt8]
        do {
            buffer = try LZF.decompress(compressed, expectedLength: originalLength)
        } catch {
            let at: Int
            switch error {
            case .outputOverflow(let i), .truncatedInput(let i), .referenceBeforeStart(let i): at = i
            }
            throw self.error("invalid LZF compressed string: \(error)", at: dataStart + at)
        }
        let produced = buffer.count
        guard produced == originalLength else {
            throw error("invalid LZF compressed string: \(produced) bytes decompressed, \(originalLength) declared", at: start)
        }
        return try buffer.withBytes { raw throws(RDBError) in try body(raw) }
    }

    /// A score of the legacy ZSET type: a length byte and ASCII, or 253 (nan), 254 (+inf),
    /// 255 (-inf) (`rdbLoadDoubleValue`).
    mutating func legacyDouble() throws(RDBError) -> Double {
        let start = offset
        let n = try byte("a score length")
        switch n {
        case 255: return -.infinity
        case 254: return .infinity
        case 253: return .nan
        default:
            let text = try take(Int(n), "a score")
            guard let v = CNumber.scanDouble(text) else { throw error("invalid score '\(String(decoding: text, as: UTF8.self))'", at: start) }
            return v
        }
    }

    /// An IEEE-754 double, little-endian (`rdbLoadBinaryDoubleValue`).
    mutating func binaryDouble() throws(RDBError) -> Double {
        Double(bitPattern: try uint64LE("a binary score"))
    }
}
