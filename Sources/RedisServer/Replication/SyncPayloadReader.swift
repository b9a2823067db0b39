import NIOCore

/// A replication link failed; the text is what the log says about it.
struct ReplicationError: Error, CustomStringConvertible, Equatable {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads the snapshot a master sends after `+FULLRESYNC`, in either of Redis's framings:
/// `$<length>\r\n` then that many bytes (disk-based sync, no trailing CRLF), or
/// `$EOF:<40-byte mark>\r\n` then bytes up to the same mark (diskless sync, where the master
/// does not know the length in advance). Empty lines before the header are keepalives.
/// Bytes after the payload (the command stream) stay in the caller's buffer.
struct SyncPayloadReader {
    enum Framing: Equatable {
        case length(Int)
        case mark([UInt8])
    }

    static let markLength = 40
    static let maxHeaderLength = 1024

    /// Known once the header line has been read.
    private(set) var framing: Framing?
    /// Payload bytes read so far (for a marked payload, the mark too once it has come).
    private(set) var received = 0
    /// Keepalive newlines seen before the header.
    private(set) var keepalives = 0
    private var payload = ByteBuffer()

    /// Consumes what it can of `input`; returns the payload once it is complete.
    mutating func consume(_ input: inout ByteBuffer) throws(ReplicationError) -> ByteBuffer? {
        while framing == nil {
            guard let line = try Self.readLine(&input) else { return nil }
            if line.isEmpty {
                keepalives += 1
                continue
            }
            framing = try Self.parseHeader(line)
            if case .length(let n) = framing { payload.reserveCapacity(n) }
        }
        switch framing! {
        case .length(let total):
            let take = min(total - received, input.readableBytes)
            var chunk = input.readSlice(length: take)!
            payload.writeBuffer(&chunk)
            received += take
            return received == total ? takePayload() : nil
        case .mark(let mark):
            let before = payload.readableBytes
            received += input.readableBytes
            payload.writeBuffer(&input)
            guard let at = Self.find(mark, in: payload, from: max(0, before - Self.markLength + 1)) else { return nil }
            // Anything after the mark is the start of the command stream: give it back.
            let after = payload.readerIndex + at + Self.markLength
            if let rest = payload.getSlice(at: after, length: payload.writerIndex - after), rest.readableBytes > 0 {
                var combined = rest
                combined.writeBuffer(&input)
                input = combined
                received -= rest.readableBytes
            }
            payload.moveWriterIndex(to: payload.readerIndex + at)
            return takePayload()
        }
    }

    private mutating func takePayload() -> ByteBuffer {
        let out = payload
        payload = ByteBuffer()
        return out
    }

    /// A line ending in \n (a \r before it is dropped), or nil if incomplete.
    static func readLine(_ input: inout ByteBuffer) throws(ReplicationError) -> String? {
        guard let lf = input.readableBytesView.firstIndex(of: 10) else {
            if input.readableBytes > maxHeaderLength {
                throw ReplicationError("Bad protocol from MASTER: a line longer than \(maxHeaderLength) bytes")
            }
            return nil
        }
        var line = input.readSlice(length: lf - input.readerIndex)!
        input.moveReaderIndex(forwardBy: 1)
        if line.readableBytes > 0 && line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == 13 {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return String(buffer: line)
    }

    static func parseHeader(_ line: String) throws(ReplicationError) -> Framing {
        if line.hasPrefix("-") {
            throw ReplicationError("MASTER aborted replication with an error: \(line.dropFirst())")
        }
        guard line.hasPrefix("$") else {
            throw ReplicationError(
                "Bad protocol from MASTER, the first byte is not '$' (we received '\(line)'), are you sure the host and port are right?"
            )
        }
        let body = line.utf8.dropFirst()
        if body.starts(with: "EOF:".utf8) && body.count >= 4 + markLength {
            return .mark(Array(body.dropFirst(4).prefix(markLength)))
        }
        guard let length = Int(String(decoding: body, as: UTF8.self)), length >= 0 else {
            throw ReplicationError("Bad protocol from MASTER: invalid bulk length in '\(line)'")
        }
        return .length(length)
    }

    /// Offset (from the reader index) of the first `mark` in `buffer` at or after `start`.
    static func find(_ mark: [UInt8], in buffer: ByteBuffer, from start: Int) -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            let n = mark.count
            guard raw.count >= n, start <= raw.count - n else { return nil }
            let first = mark[0]
            var i = start
            while i <= raw.count - n {
                if raw[i] == first {
                    var j = 1
                    while j < n && raw[i + j] == mark[j] { j += 1 }
                    if j == n { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
