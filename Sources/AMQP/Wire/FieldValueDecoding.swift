import NIOCore

extension WireReader {
    /// The entries of a table whose length prefix has been consumed: the reader holds exactly
    /// the table's bytes. Names are taken as UTF-8, invalid bytes becoming U+FFFD.
    mutating func readTableEntries(_ reading: String) throws(WireError) -> FieldTable {
        var entries: [FieldTable.Entry] = []
        while remaining > 0 {
            let name = String(decoding: try readShortStringBytes("field name in \(reading)"), as: UTF8.self)
            let value = try readFieldValue("field '\(name)' in \(reading)")
            entries.append(FieldTable.Entry(name: name, value: value))
        }
        return FieldTable(entries)
    }

    /// One type octet and its value, with the letters of rabbit_binary_parser (which also
    /// reads `L` as a signed 64-bit integer, the same as `l`).
    public mutating func readFieldValue(_ reading: String) throws(WireError) -> FieldValue {
        let type = try readOctet(reading)
        switch type {
        case UInt8(ascii: "t"): return .boolean(try readOctet(reading) != 0)
        case UInt8(ascii: "b"): return .int8(Int8(bitPattern: try readOctet(reading)))
        case UInt8(ascii: "B"): return .uint8(try readOctet(reading))
        case UInt8(ascii: "s"): return .int16(Int16(bitPattern: try readShort(reading)))
        case UInt8(ascii: "u"): return .uint16(try readShort(reading))
        case UInt8(ascii: "I"): return .int32(Int32(bitPattern: try readLong(reading)))
        case UInt8(ascii: "i"): return .uint32(try readLong(reading))
        case UInt8(ascii: "l"), UInt8(ascii: "L"): return .int64(Int64(bitPattern: try readLongLong(reading)))
        case UInt8(ascii: "f"): return .float(Float(bitPattern: try readLong(reading)))
        case UInt8(ascii: "d"): return .double(Double(bitPattern: try readLongLong(reading)))
        case UInt8(ascii: "D"):
            let scale = try readOctet(reading)
            return .decimal(scale: scale, value: try readLong(reading))
        case UInt8(ascii: "S"): return .longString(try readLongString(reading))
        case UInt8(ascii: "x"): return .bytes(try readLongString(reading))
        case UInt8(ascii: "T"): return .timestamp(try readLongLong(reading))
        case UInt8(ascii: "F"): return .table(try readTable(reading))
        case UInt8(ascii: "A"):
            let length = try readLong(reading)
            var inner = try nested(WireReader(try readSlice(count: Int(length), reading)), reading)
            var values: [FieldValue] = []
            while inner.remaining > 0 { values.append(try inner.readFieldValue("element \(values.count) of \(reading)")) }
            return .array(values)
        case UInt8(ascii: "V"): return .void
        default: throw .unknownFieldType(type)
        }
    }
}
