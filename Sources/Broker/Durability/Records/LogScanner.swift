import NIOCore

/// Reads a journal file's bytes record by record and tells a torn last write (dropped, with
/// a warning) from damage in the middle (an error: the broker will not start on it).
///
/// A crash, `kill -9` included, can only cut the file short somewhere in the batch being
/// written: a header or payload runs past the end. A power loss may also leave blocks of
/// that batch that never reached the disk as zeroes, so a damaged record (bad header or
/// CRC mismatch) followed by nothing but zeroes is a torn tail too. Anything else (a damaged
/// record with non-zero bytes after it, a checksummed record we cannot decode) is
/// corruption: reading on would silently lose or reorder records that were confirmed.
/// RabbitMQ's message store instead skips damaged regions; we refuse, since a confirmed
/// message must never vanish unnoticed.
struct LogScanner {
    typealias TornTail = DurabilityRecovery.TornTail

    struct Result {
        /// Where valid records end: the file is truncated here before appending.
        var validEnd: Int
        var records: Int
        var tornTail: TornTail?
    }

    /// Calls `visit` for every record in order. `bytes` is the whole file.
    static func scan(_ bytes: ByteBuffer, file: String, visit: (JournalRecord) -> Void) throws(DurabilityError) -> Result {
        let end = bytes.readableBytes
        let magic = RecordFrame.magic
        let start = bytes.readerIndex
        guard let head = bytes.getBytes(at: start, length: min(end, magic.count)) else {
            return Result(validEnd: 0, records: 0, tornTail: nil)
        }
        if head != Array(magic.prefix(head.count)) {
            throw .corrupt(file: file, offset: 0, reason: "not a journal file (bad magic)")
        }
        if head.count < magic.count {
            // Cut short while being created: nothing was ever synced in it.
            return Result(validEnd: 0, records: 0, tornTail: TornTail(offset: 0, droppedBytes: end, reason: "file header cut short"))
        }
        var offset = magic.count
        var count = 0
        func torn(_ reason: String) -> Result {
            Result(validEnd: offset, records: count, tornTail: TornTail(offset: offset, droppedBytes: end - offset, reason: reason))
        }
        /// `extent`: where the damaged record ends (its header, when that is what is damaged).
        func damaged(_ reason: String, extent: Int) throws(DurabilityError) -> Result {
            if extent == end { return torn("\(reason) in the last record") }
            if isZero(bytes, from: start + extent, to: start + end) { return torn("\(reason), then zeroes to the end") }
            throw .corrupt(file: file, offset: offset, reason: reason)
        }
        while offset < end {
            let remaining = end - offset
            if remaining < RecordFrame.headerSize {
                return torn("record header cut short (\(remaining) of \(RecordFrame.headerSize) bytes)")
            }
            let length = Int(bytes.getInteger(at: start + offset, as: UInt32.self) ?? 0)
            let check = bytes.getInteger(at: start + offset + 4, as: UInt32.self) ?? 0
            guard check == ~UInt32(length), length >= 1, length <= RecordFrame.maxLength else {
                return try damaged("bad record header (length \(length))", extent: offset + RecordFrame.headerSize)
            }
            let next = offset + RecordFrame.headerSize + length
            if next > end {
                return torn("record of \(length) bytes cut short at \(remaining - RecordFrame.headerSize)")
            }
            let crc = bytes.getInteger(at: start + offset + 8, as: UInt32.self) ?? 0
            guard RecordFrame.checksum(bytes, at: start + offset + 12, length: length) == crc else {
                return try damaged("CRC mismatch", extent: next)
            }
            let typeByte = bytes.getInteger(at: start + offset + 12, as: UInt8.self) ?? 0
            guard let kind = JournalRecord.Kind(rawValue: typeByte) else {
                throw .corrupt(file: file, offset: offset, reason: "unknown record type \(typeByte)")
            }
            let payload = bytes.getSlice(at: start + offset + 13, length: length - 1) ?? ByteBuffer()
            do {
                visit(try JournalRecord.decode(kind: kind, payload: payload))
            } catch {
                throw .corrupt(file: file, offset: offset, reason: "undecodable \(kind) record: \(error)")
            }
            count += 1
            offset = next
        }
        return Result(validEnd: offset, records: count, tornTail: nil)
    }

    private static func isZero(_ bytes: ByteBuffer, from: Int, to: Int) -> Bool {
        guard let view = bytes.viewBytes(at: from, length: to - from) else { return false }
        return view.allSatisfy { $0 == 0 }
    }
}
