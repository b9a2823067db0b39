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
        let inLen = input.count
        if inLen == 0 || capacity <= 0 { return nil }
        let maxOffset = 1 << 13
        let maxReference = (1 << 8) + (1 << 3)
        let maxLiteral = 1 << 5
        var out = [UInt8](repeating: 0, count: capacity + 1)
        var produced: Int?
        out.withUnsafeMutableBufferPointer { out in
            // Positions of earlier 3-byte sequences by hash; 0 means none (position 0 can never
            // be referenced: liblzf requires ref > in_data).
            var table = [Int32](repeating: 0, count: 1 << 16)
            table.withUnsafeMutableBufferPointer { table in
                let p = input
                func first(_ i: Int) -> UInt32 { UInt32(p[i]) << 8 | UInt32(p[i + 1]) }
                func next(_ h: UInt32, _ i: Int) -> UInt32 { h << 8 | UInt32(p[i + 2]) }
                func slot(_ h: UInt32) -> Int { Int(((h >> 8) &- h &* 5) & 0xffff) }

                var ip = 0
                var op = 1  // the first literal run's control byte
                var lit = 0
                var hval: UInt32 = inLen >= 2 ? first(0) : 0
                while ip < inLen - 2 {
                    hval = next(hval, ip)
                    let h = slot(hval)
                    let ref = Int(table[h])
                    table[h] = Int32(ip)
                    let off = ip - ref - 1
                    if ref > 0 && off < maxOffset && p[ref + 2] == p[ip + 2] && p[ref] == p[ip] && p[ref + 1] == p[ip + 1] {
                        var len = 2
                        var maxlen = inLen - ip - len
                        if maxlen > maxReference { maxlen = maxReference }
                        if op + 3 + 1 >= capacity && op - (lit == 0 ? 1 : 0) + 3 + 1 >= capacity { return }
                        out[op - lit - 1] = UInt8(truncatingIfNeeded: lit - 1)  // close the literal run
                        if lit == 0 { op -= 1 }  // ... or drop it when empty
                        // liblzf first compares up to 16 bytes without the bound when more
                        // than 16 remain, then continues one byte at a time.
                        var matched = false
                        if maxlen > 16 {
                            matched = true
                            for _ in 0..<16 {
                                len += 1
                                if p[ref + len] != p[ip + len] {
                                    matched = false
                                    break
                                }
                            }
                        }
                        if maxlen <= 16 || matched {
                            repeat { len += 1 } while len < maxlen && p[ref + len] == p[ip + len]
                        }
                        len -= 2
                        ip += 1
                        if len < 7 {
                            out[op] = UInt8((off >> 8) + (len << 5))
                            op += 1
                        } else {
                            out[op] = UInt8((off >> 8) + (7 << 5))
                            out[op + 1] = UInt8(len - 7)
                            op += 2
                        }
                        out[op] = UInt8(off & 0xff)
                        op += 1
                        lit = 0
                        op += 1
                        ip += len + 1
                        if ip >= inLen - 2 { break }
                        // Hash the last two positions of the match (VERY_FAST).
                        ip -= 2
                        hval = first(ip)
                        hval = next(hval, ip)
                        table[slot(hval)] = Int32(ip)
                        ip += 1
                        hval = next(hval, ip)
                        table[slot(hval)] = Int32(ip)
                        ip += 1
                    } else {
                        if op >= capacity { return }
                        lit += 1
                        out[op] = p[ip]
                        op += 1
                        ip += 1
                        if lit == maxLiteral {
                            out[op - lit - 1] = UInt8(lit - 1)
                            lit = 0
                            op += 1
                        }
                    }
                }
                if op + 3 > capacity { return }
                while ip < inLen {
                    lit += 1
                    out[op] = p[ip]
                    op += 1
                    ip += 1
                    if lit == maxLiteral {
                        out[op - lit - 1] = UInt8(lit - 1)
                        lit = 0
                        op += 1
                    }
                }
                out[op - lit - 1] = UInt8(truncatingIfNeeded: lit - 1)
                if lit == 0 { op -= 1 }
                produced = op
            }
        }
        guard let produced else { return nil }
        out.removeSubrange(produced...)
        return out
    }
}
