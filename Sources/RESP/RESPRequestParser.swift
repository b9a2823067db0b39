import NIOCore

/// Incremental parser for client requests: RESP multibulk (`*N\r\n$L\r\n...`) and inline
/// commands, with Redis 7.0's rules, limits and error texts (`processMultibulkBuffer`,
/// `processInlineBuffer`).
///
/// Arguments come out as slices of the input buffer, so a request's bytes are copied once,
/// from the socket into the buffer. Between calls the parser keeps only counters, never
/// rescans what it already parsed, and owns any arguments of an unfinished request (copied
/// out, so the caller can keep appending to its buffer without copy-on-write). A big bulk
/// (>= `bigArgument`) gets room reserved for all of it up front, as Redis sizes its query
/// buffer, so a 100 MB value is not regrown and recopied as it trickles in.
public struct RESPRequestParser: Sendable {
    public var limits: RESPLimits
    /// Redis 7.0 caps argument count and size until the client authenticates.
    public var authenticationRequired = false
    /// Reserve room for a big pending bulk up front (Redis's query-buffer sizing). A reader of
    /// captures turns it off: there, a forged length would reserve up to 512 MB per connection
    /// for bytes that never come.
    public var reservesBigArguments = true

    private var remainingArguments = 0
    private var pendingBulkLength = -1
    private var ownedArguments = 0

    public init(limits: RESPLimits = RESPLimits()) {
        self.limits = limits
    }

    /// True while a request has started but is not complete.
    public var isMidRequest: Bool { remainingArguments > 0 }

    /// Parses the next complete request from `buffer` into `arguments` (which must be empty
    /// when a new request starts, and is left untouched otherwise).
    /// Returns true when `arguments` holds a whole request. A request of zero arguments
    /// (`*0\r\n`, an empty inline line) is consumed and reported as true with no arguments.
    public mutating func parse(_ buffer: inout ByteBuffer, into arguments: inout [ByteBuffer]) throws(RESPProtocolError)
        -> Bool
    {
        if remainingArguments == 0 {
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return false }
            if first != UInt8(ascii: "*") {
                return try parseInline(&buffer, into: &arguments)
            }
            guard let cr = buffer.offsetOfByte(13) else {
                if buffer.readableBytes > limits.maxInlineSize { throw .tooBigMultibulkCount }
                return false
            }
            // The line must also hold its \n.
            guard cr + 2 <= buffer.readableBytes else { return false }
            guard let count = buffer.strictInteger(from: 1, to: cr), count <= Int32.max else {
                throw .invalidMultibulkLength
            }
            if count > limits.unauthenticatedMaxArguments && authenticationRequired {
                throw .unauthenticatedMultibulkLength
            }
            buffer.moveReaderIndex(forwardBy: cr + 2)
            if count <= 0 { return true }
            remainingArguments = Int(count)
            ownedArguments = 0
            arguments.reserveCapacity(min(remainingArguments, 1024))
        }
        while remainingArguments > 0 {
            if pendingBulkLength < 0 {
                guard let cr = buffer.offsetOfByte(13) else {
                    if buffer.readableBytes > limits.maxInlineSize { throw .tooBigBulkCount }
                    break
                }
                guard cr + 2 <= buffer.readableBytes else { break }
                let marker = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
                guard marker == UInt8(ascii: "$") else { throw .expectedDollar(got: marker) }
                guard let length = buffer.strictInteger(from: 1, to: cr), length >= 0,
                    length <= limits.maxBulkLength
                else { throw .invalidBulkLength }
                if length > limits.unauthenticatedMaxBulkLength && authenticationRequired {
                    throw .unauthenticatedBulkLength
                }
                buffer.moveReaderIndex(forwardBy: cr + 2)
                pendingBulkLength = Int(length)
            }
            // Redis skips the two bytes after the data without looking at them.
            guard buffer.readableBytes >= pendingBulkLength + 2 else { break }
            arguments.append(buffer.readSlice(length: pendingBulkLength)!)
            buffer.moveReaderIndex(forwardBy: 2)
            pendingBulkLength = -1
            remainingArguments -= 1
        }
        if remainingArguments == 0 { return true }
        prepareToWait(&buffer, arguments: &arguments)
        return false
    }

    /// Called when a request is incomplete: own the arguments parsed so far, and make room
    /// for a big pending bulk, so the caller's next append neither copies nor regrows much.
    private mutating func prepareToWait(_ buffer: inout ByteBuffer, arguments: inout [ByteBuffer]) {
        while ownedArguments < arguments.count {
            var copy = ByteBufferAllocator().buffer(capacity: arguments[ownedArguments].readableBytes)
            copy.writeImmutableBuffer(arguments[ownedArguments])
            arguments[ownedArguments] = copy
            ownedArguments += 1
        }
        if reservesBigArguments && pendingBulkLength >= limits.bigArgument {
            let needed = pendingBulkLength + 2 - buffer.readableBytes
            if needed > 0 {
                buffer.discardReadBytes()
                buffer.reserveCapacity(minimumWritableBytes: needed)
            }
        }
    }

    private mutating func parseInline(_ buffer: inout ByteBuffer, into arguments: inout [ByteBuffer])
        throws(RESPProtocolError) -> Bool
    {
        guard let lf = buffer.offsetOfByte(10) else {
            if buffer.readableBytes > limits.maxInlineSize { throw .tooBigInline }
            return false
        }
        var lineEnd = lf
        if lf > 0 && buffer.getInteger(at: buffer.readerIndex + lf - 1, as: UInt8.self) == 13 {
            lineEnd -= 1
        }
        let words = buffer.withUnsafeReadableBytes { raw in
            InlineSplitter.split(UnsafeRawBufferPointer(rebasing: raw[0..<lineEnd]))
        }
        guard let words else { throw .unbalancedQuotes }
        buffer.moveReaderIndex(forwardBy: lf + 1)
        for word in words {
            arguments.append(ByteBuffer(bytes: word))
        }
        return true
    }
}
