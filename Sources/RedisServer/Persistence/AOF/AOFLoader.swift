import Foundation
import NIOCore
import RESP

/// Replays an AOF at start-up: the base (an RDB preamble or commands), then every
/// incremental file in order, through a client of the node's own — Redis's
/// `loadAppendOnlyFiles`. A truncated last command is cut off when `aof-load-truncated`
/// allows it (only in the last file); anything else stops start-up with the file and offset.
struct AOFLoader {
    let node: RedisNode
    let directory: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func load(_ manifest: AOFManifest) throws {
        let files = (manifest.base.map { [$0] } ?? []) + manifest.incremental
        let client = node.makeDetachedClient()
        client.obeysUnconditionally = true
        client.setAuthenticated(true)
        defer { node.clients[client.id] = nil }
        for (i, file) in files.enumerated() {
            let start = Clock.monotonicMicroseconds()
            try loadFile(file.name, client: client, isLast: i == files.count - 1, isBase: file.type == .base)
            let seconds = Double(Clock.monotonicMicroseconds() - start) / 1_000_000
            let kind = file.type == .base ? "base" : "incr"
            node.log.notice("DB loaded from \(kind) file \(file.name): \(String(format: "%.3f", seconds)) seconds")
        }
    }

    private func loadFile(_ name: String, client: Client, isLast: Bool, isBase: Bool) throws {
        let path = "\(directory)/\(name)"
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw Failure(
                description: "Fatal error: can't open the append log file \(name) for reading: \(String(cString: strerror(errno)))")
        }
        defer { try? file.close() }
        let magic = file.readData(ofLength: 5)
        var offset = 0
        if magic == Data("REDIS".utf8) {
            node.log.notice(isBase ? "Reading RDB base file on AOF loading..." : "Reading RDB preamble from AOF file...")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(description: "Fatal error: can't read the append log file \(name)")
            }
            do {
                let info = try RDBSnapshot.decode(data, into: node.databases, limits: node.config.encoding, now: nil)
                offset = info.bytesConsumed
            } catch {
                throw Failure(description: "Error reading the RDB base file \(name) (\(error)), AOF loading aborted")
            }
        }
        try file.seek(toOffset: UInt64(offset))
        try replay(file, from: offset, name: name, path: path, client: client, isLast: isLast)
    }

    /// Reads the file in chunks (a file may be larger than one ByteBuffer can hold) and runs
    /// each complete command. `validUpTo` is the file offset after the last complete one.
    private func replay(_ file: FileHandle, from start: Int, name: String, path: String, client: Client, isLast: Bool)
        throws
    {
        var buffer = ByteBuffer()
        var bufferBase = start  // file offset of the buffer's index 0
        var parser = RESPRequestParser(limits: RESPLimits(maxBulkLength: Int(Int32.max)))
        var args: [ByteBuffer] = []
        var validUpTo = start
        var beforeMulti = start
        func offset() -> Int { bufferBase + buffer.readerIndex }
        var endOfFile = false
        while !endOfFile {
            let chunk = file.readData(ofLength: Self.chunkSize)
            if chunk.isEmpty {
                endOfFile = true
            } else {
                bufferBase += buffer.readerIndex
                buffer.discardReadBytes()
                buffer.writeBytes(chunk)
            }
            while buffer.readableBytes > 0 {
                if !parser.isMidRequest && buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) != UInt8(ascii: "*") {
                    throw formatError(name, offset: offset())
                }
                let complete: Bool
                do {
                    complete = try parser.parse(&buffer, into: &args)
                } catch {
                    throw formatError(name, offset: offset())
                }
                guard complete else { break }
                guard !args.isEmpty else { continue }
                guard node.commands.lookup(args[0]) != nil else {
                    throw Failure(
                        description: "Unknown command '\(String(buffer: args[0]))' reading the append only file \(name) at offset \(validUpTo)")
                }
                if !client.inMulti && String(buffer: args[0]).lowercased() == "multi" { beforeMulti = validUpTo }
                node.execute(client, args)
                args.removeAll(keepingCapacity: true)
                if case .error(let message)? = try? RESPValueParser().parse(&client.reply.buffer) {
                    node.log.warning("Error replaying the AOF file \(name) at offset \(validUpTo): \(message)")
                }
                client.reply.buffer.clear()
                validUpTo = offset()
            }
        }
        if buffer.readableBytes == 0 && !parser.isMidRequest && !client.inMulti { return }
        // A short read: the file ends inside a command, or inside MULTI ... EXEC.
        var cut = validUpTo
        if client.inMulti {
            node.log.warning("Revert incomplete MULTI/EXEC transaction in AOF file \(name)")
            node.discardTransaction(client)
            cut = beforeMulti
        }
        guard node.config.aofLoadTruncated && isLast else {
            throw Failure(
                description:
                    "Unexpected end of file reading the append only file \(name) at offset \(cut). You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server."
            )
        }
        node.log.warning("!!! Warning: short read while loading the AOF file \(name)!!!")
        node.log.warning("!!! Truncating the AOF \(name) at offset \(cut) !!!")
        guard truncate(path, off_t(cut)) == 0 else {
            throw Failure(description: "Error truncating the AOF file \(name): \(String(cString: strerror(errno)))")
        }
        node.log.warning("AOF \(name) loaded anyway because aof-load-truncated is enabled")
    }

    static let chunkSize = 16 * 1024 * 1024

    private func formatError(_ name: String, offset: Int) -> Failure {
        Failure(
            description:
                "Bad file format reading the append only file \(name) at offset \(offset): make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>"
        )
    }
}
