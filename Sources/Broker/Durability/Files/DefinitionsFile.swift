import NIOCore

/// The broker's definitions (users, vhosts, permissions: RabbitMQ's definitions JSON) kept
/// in `<data-dir>/definitions.json`, rewritten atomically whenever they change and read at
/// start. It stores the JSON bytes as given, so it does not depend on how access control
/// models them. Writes are rare (administrative changes) and small, so `save` is
/// synchronous: call it from a thread that may block for an fsync, or accept the pause.
public struct DefinitionsFile: Sendable {
    public let path: String

    public init(directory: String) {
        path = directory.hasSuffix("/") ? directory + "definitions.json" : directory + "/definitions.json"
    }

    /// Replaces the file: after a crash it holds either the previous or this content.
    public func save(_ json: [UInt8]) throws(DurabilityError) {
        try FileIO.makeDirectory(AtomicFile.directory(of: path))
        try AtomicFile.write(ByteBuffer(bytes: json), to: path)
    }

    /// The saved JSON, or nil when none was ever saved.
    public func load() throws(DurabilityError) -> [UInt8]? {
        guard var buffer = try FileIO.readAll(path) else { return nil }
        return buffer.readBytes(length: buffer.readableBytes)
    }
}
