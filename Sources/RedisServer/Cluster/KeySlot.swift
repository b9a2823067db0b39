import RESP

/// The hash slot of a stored key (the computation lives in RESP's `HashSlot`, which clients
/// share). Runs on every keyed command in cluster mode.
public enum KeySlot {
    /// Number of hash slots.
    public static let count = HashSlot.count

    @inlinable
    public static func slot(for key: Bytes) -> Int {
        key.withUnsafeBytes { HashSlot.slot(forRaw: $0) }
    }
}
