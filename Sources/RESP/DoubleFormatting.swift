#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Redis 7.0 prints doubles with `%.17g` (`addReplyDouble`), and infinities as `inf`/`-inf`.
public enum RedisDoubleFormat {
    public static func g17(_ value: Double) -> String {
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value.isNaN { return "nan" }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buf in
            let n = withVaList([value]) { vsnprintf(buf.baseAddress, 64, "%.17g", $0) }
            return String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress, count: Int(n)), as: UTF8.self)
        }
    }
}
