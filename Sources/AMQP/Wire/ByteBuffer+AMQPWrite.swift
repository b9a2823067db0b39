import NIOCore

/// Writers for AMQP primitives. Only short strings can fail (over 255 bytes), as RabbitMQ's
/// generator refuses them too (`method_field_shortstr_overflow`).
extension ByteBuffer {
    public mutating func writeShortString(_ text: String) throws(WireError) {
        try writeShortString(bytes: Array(text.utf8))
    }

    public mutating func writeShortString(bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= 255 else { throw .shortStringTooLong(length: bytes.count) }
        writeInteger(UInt8(bytes.count))
        writeBytes(bytes)
    }

    public mutating func writeLongString(_ bytes: [UInt8]) {
        writeInteger(UInt32(truncatingIfNeeded: bytes.count))
        writeBytes(bytes)
    }

    /// Consecutive bit arguments, eight to an octet, first bit least significant.
    public mutating func writeBits(_ bits: [Bool]) {
        var index = 0
        while index < bits.count {
            var octet: UInt8 = 0
            for bit in 0..<min(8, bits.count - index) where bits[index + bit] { octet |= 1 << bit }
            writeInteger(octet)
            index += 8
        }
    }

    /// A length-prefixed block whose length is known only once written.
    mutating func writeLengthPrefixed(_ body: (inout ByteBuffer) throws(WireError) -> Void) throws(WireError) {
        let lengthIndex = writerIndex
        writeInteger(UInt32(0))
        try body(&self)
        setInteger(UInt32(truncatingIfNeeded: writerIndex - lengthIndex - 4), at: lengthIndex)
    }

    public mutating func writeFieldTable(_ table: FieldTable) throws(WireError) {
        try writeLengthPrefixed { (buffer: inout ByteBuffer) throws(WireError) in
            for entry in table.entries {
                try buffer.writeShortString(entry.name)
                try buffer.writeFieldValue(entry.value)
            }
        }
    }

    /// The type letter and value, with RabbitMQ's letters (`s` signed, `u` unsigned short).
    public mutating func writeFieldValue(_ value: FieldValue) throws(WireError) {
        func type(_ letter: Unicode.Scalar) { writeInteger(UInt8(ascii: letter)) }
        switch value {
        case .boolean(let v): type("t"); writeInteger(UInt8(v ? 1 : 0))
        case .int8(let v): type("b"); writeInteger(v)
        case .uint8(let v): type("B"); writeInteger(v)
        case .int16(let v): type("s"); writeInteger(v)
        case .uint16(let v): type("u"); writeInteger(v)
        case .int32(let v): type("I"); writeInteger(v)
        case .uint32(let v): type("i"); writeInteger(v)
        case .int64(let v): type("l"); writeInteger(v)
        case .float(let v): type("f"); writeInteger(v.bitPattern)
        case .double(let v): type("d"); writeInteger(v.bitPattern)
        case .decimal(let scale, let v): type("D"); writeInteger(scale); writeInteger(v)
        case .longString(let bytes): type("S"); writeLongString(bytes)
        case .bytes(let bytes): type("x"); writeLongString(bytes)
        case .timestamp(let v): type("T"); writeInteger(v)
        case .table(let table): type("F"); try writeFieldTable(table)
        case .array(let values):
            type("A")
            try writeLengthPrefixed { (buffer: inout ByteBuffer) throws(WireError) in
                for element in values { try buffer.writeFieldValue(element) }
            }
        case .void: type("V")
        }
    }
}
