import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsing of the `min max` arguments of the by-score and by-lex commands.
enum ZRangeSpec {
    /// `zslParseRange`: each bound is a C `strtod` over the argument (after an optional `(`),
    /// which must end at the string's terminator and must not be NaN. Being plain strtod, it
    /// takes what `getDoubleFromObject` refuses: leading spaces, hex, and the empty string (0).
    static func scores(_ call: Call, min: Int, max: Int) throws(RedisError) -> ScoreInterval {
        guard let lo = bound(call.args[min]), let hi = bound(call.args[max]) else { throw .minMaxNotFloat }
        return ScoreInterval(min: lo.value, max: hi.value, minExclusive: lo.exclusive, maxExclusive: hi.exclusive)
    }

    static func bound(_ arg: ByteBuffer) -> (value: Double, exclusive: Bool)? {
        arg.withUnsafeReadableBytes { raw -> (Double, Bool)? in
            // C sees the argument up to its first NUL byte.
            let n = raw.firstIndex(of: 0) ?? raw.count
            let exclusive = n > 0 && raw[0] == UInt8(ascii: "(")
            let start = exclusive ? 1 : 0
            let length = n - start
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buf -> (Double, Bool)? in
                for i in 0..<length { buf[i] = CChar(bitPattern: raw[start + i]) }
                buf[length] = 0
                var end: UnsafeMutablePointer<CChar>?
                let v = strtod(buf.baseAddress!, &end)
                guard let end, end - buf.baseAddress! == length, !v.isNaN else { return nil }
                return (v, exclusive)
            }
        }
    }

    /// `zslParseLexRange`: `-`, `+`, `[member` or `(member`.
    static func lex(_ call: Call, min: Int, max: Int) throws(RedisError) -> LexInterval {
        guard let lo = lexBound(call.args[min]), let hi = lexBound(call.args[max]) else { throw .minMaxNotLex }
        return LexInterval(min: lo.bound, max: hi.bound, minExclusive: lo.exclusive, maxExclusive: hi.exclusive)
    }

    static func lexBound(_ arg: ByteBuffer) -> (bound: LexInterval.Bound, exclusive: Bool)? {
        arg.withUnsafeReadableBytes { raw -> (LexInterval.Bound, Bool)? in
            guard raw.count > 0 else { return nil }
            // `+` and `-` must stand alone (C checks the next byte is the terminator).
            let alone = raw.count == 1 || raw[1] == 0
            switch raw[0] {
            case UInt8(ascii: "+"): return alone ? (.plusInfinity, true) : nil
            case UInt8(ascii: "-"): return alone ? (.minusInfinity, true) : nil
            case UInt8(ascii: "("): return (.value(Bytes(UnsafeRawBufferPointer(rebasing: raw[1...]))), true)
            case UInt8(ascii: "["): return (.value(Bytes(UnsafeRawBufferPointer(rebasing: raw[1...]))), false)
            default: return nil
            }
        }
    }
}
