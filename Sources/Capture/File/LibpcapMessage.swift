/// libpcap's error strings, put in words for whoever handed over the file; libpcap's own text
/// stays in parentheses because it is what a search for the problem will find.
enum LibpcapMessage {
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        return String(cString: pointer)
    }

    /// A reading error met at a record. `stoppedAt` is where libpcap's reading stopped.
    static func readable(_ message: String, stoppedAt: Int64) -> String {
        let what =
            if message.contains("truncated") {
                "the file is cut short inside this packet's record (it ends at byte \(stoppedAt))"
            } else if message.contains("invalid packet capture length") {
                "corrupt record header: its captured length is impossible"
            } else if message.contains("pcapng") && (message.contains("length") || message.contains("size")) {
                "corrupt pcapng block: its length field is impossible"
            } else {
                "cannot read this packet's record"
            }
        return "\(what) (libpcap: \(message))"
    }
}
