import NIOCore

/// A node's name: 40 bytes (Redis makes them 40 lowercase hex characters), held as five
/// words so that it is hashed and compared without allocating. The bytes are kept exactly
/// as received on the bus, valid or not (`isValid` says); word order and big-endian loading
/// make `<` the `memcmp` order Redis uses to break configEpoch collisions.
public struct ClusterNodeID: Hashable, Comparable, Sendable {
    public static let length = 40

    var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64, w4: UInt64

    /// 40 zero bytes: "no node" in `slaveof` (`CLUSTER_NODE_NULL_NAME`).
    public static let zero = ClusterNodeID(w0: 0, w1: 0, w2: 0, w3: 0, w4: 0)

    init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64, w4: UInt64) {
        (self.w0, self.w1, self.w2, self.w3, self.w4) = (w0, w1, w2, w3, w4)
    }

    /// Exactly 40 bytes, any content (a name as received).
    public init(wireBytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count == Self.length, "a node id is \(Self.length) bytes")
        func word(_ i: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        self.init(w0: word(0), w1: word(1), w2: word(2), w3: word(3), w4: word(4))
    }

    /// A name as Redis accepts it in nodes.conf and commands (`verifyClusterNodeId`):
    /// exactly 40 characters, each `a`-`z` or `0`-`9`. Nil otherwise.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == Self.length, utf8.allSatisfy(Self.isNameByte) else { return nil }
        self = utf8.withUnsafeBytes { ClusterNodeID(wireBytes: $0) }
    }

    /// The 40 bytes at `index` (absolute) of `buffer`, or nil when it is short.
    public init?(buffer: ByteBuffer, at index: Int) {
        guard let view = buffer.viewBytes(at: index, length: Self.length) else { return nil }
        self = view.withUnsafeBytes { ClusterNodeID(wireBytes: $0) }
    }

    /// 40 random lowercase hex characters, as Redis names a new node (`getRandomHexChars`).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ClusterNodeID {
        let hex = Array("0123456789abcdef".utf8)
        let bytes = (0..<length).map { _ in hex[Int(generator.next() & 15)] }
        return bytes.withUnsafeBytes { ClusterNodeID(wireBytes: $0) }
    }

    public static func random() -> ClusterNodeID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    public var isZero: Bool { self == .zero }

    /// Whether Redis would accept this name from nodes.conf or a command (see `init?(_:)`).
    public var isValid: Bool { bytes.allSatisfy(Self.isNameByte) }

    /// The 40 bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.length)
        for w in [w0, w1, w2, w3, w4] { withUnsafeBytes(of: w.bigEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Appends the 40 bytes.
    public func write(to buffer: inout ByteBuffer) {
        for w in [w0, w1, w2, w3, w4] { buffer.writeInteger(w, endianness: .big) }
    }

    public static func < (a: ClusterNodeID, b: ClusterNodeID) -> Bool {
        (a.w0, a.w1, a.w2, a.w3, a.w4) < (b.w0, b.w1, b.w2, b.w3, b.w4)
    }
}

extension ClusterNodeID: CustomStringConvertible {
    /// The 40 characters (bytes that are not UTF-8 are replaced).
    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
