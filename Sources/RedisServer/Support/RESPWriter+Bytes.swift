import RESP

extension RESPWriter {
    public mutating func bulk(_ bytes: Bytes) {
        bytes.withUnsafeBytes { bulk($0) }
    }

    /// A bulk string or the null bulk string.
    public mutating func bulkOrNull(_ bytes: Bytes?) {
        if let bytes { bulk(bytes) } else { null() }
    }

    /// An array of bulk strings.
    public mutating func array(_ items: [Bytes]) {
        arrayHeader(items.count)
        for item in items { bulk(item) }
    }
}
