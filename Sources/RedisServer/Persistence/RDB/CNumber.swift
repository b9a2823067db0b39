#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's `strtod`, for scores stored as text (legacy ZSET scores, listpack scores such as
/// "1.5" or "inf"), so that they parse exactly as Redis parses them.
enum CNumber {
    /// The value of the longest prefix `strtod` accepts, and how many bytes it used.
    /// Only the first 127 bytes are looked at, as in `zzlStrtod`.
    static func strtodPrefix(_ text: UnsafeRawBufferPointer) -> (value: Double, consumed: Int) {
        let n = min(text.count, 127)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
            for i in 0..<n { buf[i] = CChar(bitPattern: text[i]) }
            buf[n] = 0
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &end)
            return (v, end.map { $0 - buf.baseAddress! } ?? 0)
        }
    }

    /// The whole text as a double, or nil when any of it is not part of the number.
    static func parseDouble(_ text: UnsafeRawBufferPointer) -> Double? {
        guard text.count > 0, text.count <= 127 else { return nil }
        let (v, used) = strtodPrefix(text)
        return used == text.count ? v : nil
    }

    /// `sscanf(buf, "%lg")`: a number at the start, trailing bytes ignored.
    static func scanDouble(_ text: UnsafeRawBufferPointer) -> Double? {
        let (v, used) = strtodPrefix(text)
        return used > 0 ? v : nil
    }
}
