import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing and printing with Redis's rules.
public enum RedisNumber {
    /// `string2d`/`getDoubleFromObject`: strtod over the whole string, no leading space,
    /// no NaN; "inf"/"-inf"/"+inf" accepted.
    public static func parseDouble(_ raw: UnsafeRawBufferPointer) -> Double? {
        let n = raw.count
        if n == 0 || n > 5000 { return nil }
        if raw[0] == 32 || (raw[0] >= 9 && raw[0] <= 13) { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
            for i in 0..<n { buf[i] = CChar(bitPattern: raw[i]) }
            buf[n] = 0
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let v = strtod(buf.baseAddress!, &end)
            guard let end, end - buf.baseAddress! == n else { return nil }
            if v.isNaN { return nil }
            if errno == ERANGE && (v == 0 || v.isInfinite) && !isInfText(raw) { return nil }
            return v
        }
    }

    private static func isInfText(_ raw: UnsafeRawBufferPointer) -> Bool {
        let s = String(decoding: raw, as: UTF8.self).lowercased()
        return s == "inf" || s == "-inf" || s == "+inf" || s == "infinity" || s == "-infinity" || s == "+infinity"
    }

    public static func parseDouble(_ buffer: ByteBuffer) -> Double? {
        buffer.withUnsafeReadableBytes { parseDouble($0) }
    }

    public static func parseDouble(_ bytes: Bytes) -> Double? {
        bytes.withUnsafeBytes { parseDouble($0) }
    }

    /// `string2ld` (INCRBYFLOAT, HINCRBYFLOAT): like parseDouble, but in long double.
    public static func parseLongDouble(_ raw: UnsafeRawBufferPointer) -> LongDouble? {
        let n = raw.count
        if n == 0 || n > 5000 { return nil }
        if raw[0] == 32 || (raw[0] >= 9 && raw[0] <= 13) { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> LongDouble? in
            for i in 0..<n { buf[i] = CChar(bitPattern: raw[i]) }
            buf[n] = 0
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let v = LongDouble(strtold(buf.baseAddress!, &end))
            guard let end, end - buf.baseAddress! == n, errno != ERANGE, !v.isNaN else { return nil }
            return v
        }
    }

    /// How INCRBYFLOAT prints its result: `%.17Lf`, then trailing zeros (and a bare dot)
    /// removed — Redis's `ld2string(..., LD_STR_HUMAN)`.
    public static func humanFriendly(_ value: LongDouble) -> String? {
        if value.isInfinite || value.isNaN { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 5600) { buf -> String? in
            #if arch(x86_64) || arch(i386)
            let n = withVaList([value]) { vsnprintf(buf.baseAddress, 5600, "%.17Lf", $0) }
            #else
            let n = withVaList([value]) { vsnprintf(buf.baseAddress, 5600, "%.17f", $0) }
            #endif
            guard n > 0 && n < 5600 else { return nil }
            var text = String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress, count: Int(n)), as: UTF8.self)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            if text == "-0" { text = "0" }
            return text
        }
    }
}

/// C's `long double`, which INCRBYFLOAT computes in.
#if arch(x86_64) || arch(i386)
public typealias LongDouble = Float80
#else
public typealias LongDouble = Double
#endif
