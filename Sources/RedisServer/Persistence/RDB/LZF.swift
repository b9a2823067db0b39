/// liblzf 3.6 as Redis builds it (HLOG 16, VERY_FAST, CHECK_INPUT): the compressor behind
/// RDB's `0xC3` strings and compressed quicklist nodes.
///
/// Format: a control byte below 32 starts a literal run of control+1 bytes; otherwise its top
/// three bits are a match length (7 means "add the next byte"), its low five bits and the
/// following byte a distance back into the output, and len+2 bytes are copied from there.
enum LZF {
    enum DecompressError: Error, CustomStringConvertible {
        case outputOverflow(inputOffset: Int)
        case truncatedInput(inputOffset: Int)
        case referenceBeforeStart(inputOffset: Int)

        var description: String {
            switch self {
            case .outputOverflow(let at): return "LZF data expands past its declared length (compressed byte \(at))"
            case .truncatedInput(let at): return "LZF data ends inside a run (compressed byte \(at))"
            case .referenceBeforeStart(let at): return "LZF back reference before the start (compressed byte \(at))"
            }
        }
    }

    /// Decompresses `input`, which must expand to at most `expectedLength` bytes. The output
    /// grows as it is produced, so a header that lies about the length costs nothing.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedLength outEnd: Int) throws(DecompressError) -> [UInt8] {
        let inEnd = input.count
        var out = [UInt8](repeating: 0, count: min(outEnd, max(64, inEnd * 4)))
        func ensure(_ needed: Int) {
            if needed > out.count {
                out.append(contentsOf: repeatElement(0, count: min(outEnd, max(needed, out.count * 2)) - out.count))
            }
        }
        var ip = 0
        var op = 0
        while ip < inEnd {
            let runStart = ip
            var ctrl = Int(input[ip])
            ip += 1
            if ctrl < 32 {
                ctrl += 1
                if op + ctrl > outEnd { throw .outputOverflow(inputOffset: runStart) }
                if ip + ctrl > inEnd { throw .truncatedInput(inputOffset: runStart) }
                ensure(op + ctrl)
                out.withUnsafeMutableBytes { dst in
                    dst.baseAddress!.advanced(by: op).copyMemory(from: input.baseAddress!.advanced(by: ip), byteCount: ctrl)
                }
                op += ctrl
                ip += ctrl
            } else {
                var len = ctrl >> 5
                var ref = op - ((ctrl & 0x1f) << 8) - 1
                if ip >= inEnd { throw .truncatedInput(inputOffset: runStart) }
                if len == 7 {
                    len += Int(input[ip])
                    ip += 1
                    if ip >= inEnd { throw .truncatedInput(inputOffset: runStart) }
                }
                ref -= Int(input[ip])
                ip += 1
                len += 2
                if op + len > outEnd { throw .outputOverflow(inputOffset: runStart) }
                if ref < 0 { throw .referenceBeforeStart(inputOffset: runStart) }
                ensure(op + len)
                out.withUnsafeMutableBytes { b in
                    let base = b.baseAddress!
                    if op - ref >= len {
                        base.advanced(by: op).copyMemory(from: base.advanced(by: ref), byteCount: len)
                    } else {
                        // Overlapping (a short distance repeats what is being written, which
                        // is how runs are encoded): byte by byte, front to back.
                        for k in 0..<len { b[op + k] = b[ref + k] }
                    }
                }
                op += len
            }
        }
        out.removeSubrange(op...)
        return out
    }

    /// Compresses `input`, or returns nil when the result would not fit in `capacity` bytes
    /// (`lzf_compress` returning 0). Byte-for-byte what liblzf produces, so our snapshots
    /// and DUMP payloads match Redis's.
    static func compress(_ input: UnsafeRawBufferPointer, capacity: Int) -> [UInt8]? {
        LZFCompressor.withShared { $0.compress(input, capacity: capacity) }
    }
}
