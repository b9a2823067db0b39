#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file libpcap refused to open is not a capture, told from its first bytes: "it
/// starts with text "GET / HTTP/1.1…"" says more than libpcap's "unknown file format".
enum CaptureFileSignature {
    static func openError(path: String, libpcapMessage message: String) -> CaptureError {
        guard let head = firstBytes(of: path, count: 16) else {
            // libpcap words it "PATH: No such file or directory"; the path is said once already.
            let cause = message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
            return CaptureError(file: path, reason: "cannot open: \(cause)")
        }
        if head.isEmpty {
            return CaptureError(file: path, offset: 0, reason: "empty file (0 bytes): not a pcap or pcapng capture")
        }
        if message.contains("unknown file format") {
            return CaptureError(file: path, offset: 0, reason: "not a pcap or pcapng capture: it starts with \(describe(head))")
        }
        // A capture header libpcap could not accept (short, unsupported version, bad first block).
        return CaptureError(file: path, offset: 0, reason: "unreadable capture header (libpcap: \(message)); it starts with \(describe(head))")
    }

    /// `text "GET / HTTP/1.1\r\n…"`, or hex bytes with a hint for a few well-known formats.
    static func describe(_ head: [UInt8]) -> String {
        let printable = head.allSatisfy { (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if printable {
            let text = String(decoding: head, as: UTF8.self).unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
            return "text \"\(text)…\""
        }
        let hex = head.prefix(8).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        return "bytes \(hex)" + (hint(head).map { " (\($0))" } ?? "")
    }

    private static func hint(_ head: [UInt8]) -> String? {
        if head.starts(with: [0x1F, 0x8B]) { return "gzip: decompress it first" }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return "zstd: decompress it first" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zip archive" }
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "an ELF executable" }
        return nil
    }

    /// Up to `count` bytes from the start of the file; nil when it cannot be opened.
    private static func firstBytes(of path: String, count: Int) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = fread(&bytes, 1, count, file)
        if ferror(file) != 0 { return nil }  // a directory, say: libpcap's message says so
        return Array(bytes.prefix(read))
    }
}
