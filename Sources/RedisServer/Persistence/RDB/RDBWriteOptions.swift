/// The settings that change the bytes Redis writes: `rdbcompression`, `rdbchecksum` and the
/// two list settings that decide the quicklist layout.
public struct RDBWriteOptions: Sendable {
    /// `rdbcompression`: LZF for strings longer than 20 bytes when it saves 4 or more.
    public var compression = true
    /// `rdbchecksum`: the file's trailing CRC64, or 0 when off. (DUMP payloads always carry
    /// their CRC, as in Redis.)
    public var checksum = true
    /// `list-max-listpack-size`: how lists are split into nodes.
    public var listMaxListpackSize = -2
    /// `list-compress-depth`: interior list nodes are stored LZF-compressed when > 0.
    public var listCompressDepth = 0

    public init(compression: Bool = true, checksum: Bool = true, listMaxListpackSize: Int = -2, listCompressDepth: Int = 0) {
        self.compression = compression
        self.checksum = checksum
        self.listMaxListpackSize = listMaxListpackSize
        self.listCompressDepth = listCompressDepth
    }

    /// The list settings taken from the node's encoding limits.
    public init(limits: EncodingLimits, compression: Bool = true, checksum: Bool = true) {
        self.init(
            compression: compression, checksum: checksum,
            listMaxListpackSize: limits.listMaxListpackSize, listCompressDepth: limits.listCompressDepth)
    }
}
