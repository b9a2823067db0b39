import NIOConcurrencyHelpers

/// liblzf's compressor (`lzf_c.c` with HLOG 16 and VERY_FAST), with its 64K-slot hash table
/// kept between calls: clearing 64K slots for every short string would cost more than
/// compressing it. Slots hold `base + position + 1`; anything not above `base` was written
/// by an earlier call and reads as empty, exactly like liblzf's fresh table.
///
/// Unchecked Sendable: an instance is only ever used by the one caller that took it out of
/// the locked pool.
final class LZFCompressor: @unchecked Sendable {
    private var table = [Int](repeating: 0, count: 1 << 16)
    private var base = 0

    private static let pool = NIOLockedValueBox<[LZFCompressor]>([])

    /// Runs `body` with a compressor no other thread is using.
    static func withShared<R>(_ body: (LZFCompressor) -> R) -> R {
        let compressor = pool.withLockedValue { $0.popLast() } ?? LZFCompressor()
        defer { pool.withLockedValue { if $0.count < 8 { $0.append(compressor) } } }
        return body(compressor)
    }

    func compress(_ input: UnsafeRawBufferPointer, capacity: Int) -> [UInt8]? {
        let inLen = input.count
        if inLen == 0 || capacity <= 0 { return nil }
        let base = self.base
        self.base += inLen + 1
        let maxOffset = 1 << 13
        let maxReference = (1 << 8) + (1 << 3)
        let maxLiteral = 1 << 5
        var out = [UInt8](repeating: 0, count: capacity + 1)
        var produced: Int?
        out.withUnsafeMutableBufferPointer { out in
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
                    let stored = table[h]
                    table[h] = base + ip + 1
                    // Position 0 is never a reference either: liblzf requires ref > in_data.
                    let ref = stored > base ? stored - base - 1 : 0
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
                        table[slot(hval)] = base + ip + 1
                        ip += 1
                        hval = next(hval, ip)
                        table[slot(hval)] = base + ip + 1
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
