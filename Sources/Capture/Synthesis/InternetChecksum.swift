import NIOCore

/// The RFC 1071 ones' complement sum that IPv4 headers and TCP (over its pseudo-header) carry.
/// Bytes may be added in pieces of any length; an odd byte waits for its partner.
struct InternetChecksum {
    private var sum: UInt64 = 0
    private var pendingHighByte: UInt8?

    mutating func add(_ byte: UInt8) {
        if let high = pendingHighByte {
            sum &+= UInt64(high) << 8 | UInt64(byte)
            pendingHighByte = nil
        } else {
            pendingHighByte = byte
        }
    }

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { add(byte) }
    }

    mutating func add(_ word: UInt16) {
        add(UInt8(word >> 8))
        add(UInt8(truncatingIfNeeded: word))
    }

    mutating func add(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { add($0) }
    }

    /// The value to store in the header: the complement of the folded sum (an odd trailing byte
    /// counts as padded with zero).
    var value: UInt16 {
        var total = sum
        if let high = pendingHighByte { total &+= UInt64(high) << 8 }
        while total >> 16 != 0 { total = (total & 0xFFFF) + (total >> 16) }
        return ~UInt16(total)
    }
}
