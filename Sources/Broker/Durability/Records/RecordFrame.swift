import AMQP
import NIOCore

/// The journal's file format. A file starts with `magic`; then records, each
///
///     length u32 | ~length u32 | crc32 u32 | type u8 | payload (length - 1 bytes)
///
/// big-endian, where `length` counts the type and payload and the CRC-32 covers them too.
/// The complemented length catches a damaged length field, which would otherwise make a
/// record in the middle look like one cut short at the end of the file.
enum RecordFrame {
    static let magic: [UInt8] = Array("SDJRNL01".utf8)
    static let headerSize = 12
    /// Larger than any record we write (RabbitMQ 3.10 caps messages at 128 MiB).
    static let maxLength = 512 << 20

    /// Appends one framed record to `buffer`; returns its size in bytes.
    @discardableResult
    static func write(_ record: JournalRecord, into buffer: inout ByteBuffer) throws(WireError) -> Int {
        let start = buffer.writerIndex
        buffer.writeInteger(UInt64(0))  // length and its complement, set below
        buffer.writeInteger(UInt32(0))  // crc
        buffer.writeInteger(record.kind.rawValue)
        do {
            try record.encodePayload(into: &buffer)
        } catch {
            buffer.moveWriterIndex(to: start)
            throw error
        }
        let length = buffer.writerIndex - start - 12
        buffer.setInteger(UInt32(length), at: start)
        buffer.setInteger(~UInt32(length), at: start + 4)
        buffer.setInteger(checksum(buffer, at: start + 12, length: length), at: start + 8)
        return buffer.writerIndex - start
    }

    static func checksum(_ buffer: ByteBuffer, at index: Int, length: Int) -> UInt32 {
        guard let view = buffer.viewBytes(at: index, length: length) else { return 0 }
        var crc = CRC32()
        if view.withContiguousStorageIfAvailable({ crc.update($0) }) == nil { crc.update(view) }
        return crc.value
    }
}
