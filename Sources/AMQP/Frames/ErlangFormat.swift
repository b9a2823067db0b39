/// Erlang's printing of binaries, for reply texts that RabbitMQ builds with `~p` and `~w`.
enum ErlangFormat {
    /// `~w`: always the numbers, `<<1,2,3>>`.
    static func binaryW(_ bytes: [UInt8]) -> String {
        "<<" + bytes.map(String.init).joined(separator: ",") + ">>"
    }

    /// `~p`: as a string when every byte is printable Latin-1 (io_lib:printable_latin1_list),
    /// else as `~w`.
    static func binaryP(_ bytes: [UInt8]) -> String {
        let escapes: [UInt8: String] = [8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 27: "\\e"]
        guard !bytes.isEmpty, bytes.allSatisfy({ (32...126).contains($0) || (160...255).contains($0) || escapes[$0] != nil })
        else { return binaryW(bytes) }
        var text = "<<\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            default: text += escapes[byte] ?? String(UnicodeScalar(byte))
            }
        }
        return text + "\">>"
    }

    /// RabbitMQ's `payload_snippet`: the whole payload up to 16 bytes, else the first 16.
    static func payloadSnippet(_ payload: [UInt8]) -> String {
        payload.count <= 16 ? "all octets = \(binaryP(payload))" : "first 16 octets = \(binaryP(Array(payload.prefix(16))))"
    }
}

extension CloseReason {
    /// A close as RabbitMQ's `map_exception` builds it: `"<CODE NAME> - <explanation>"`, cut to
    /// 252 bytes plus "..." when longer than 255.
    public static func rabbit(_ code: ReplyCode, _ explanation: String, classID: UInt16 = 0, methodID: UInt16 = 0) -> CloseReason {
        var text = Array("\(code.name) - \(explanation)".utf8)
        if text.count > 255 {
            text = Array(text.prefix(252))
            // RabbitMQ cuts bytes; a String cannot end inside a UTF-8 sequence (it would decode
            // to U+FFFD and overflow the short string), so the partial character goes too.
            if let lead = text.lastIndex(where: { $0 & 0xC0 != 0x80 }), text[lead] >= 0xC0 {
                let length = text[lead] >= 0xF0 ? 4 : text[lead] >= 0xE0 ? 3 : 2
                if text.count - lead < length { text.removeSubrange(lead...) }
            }
            text += Array("...".utf8)
        }
        return CloseReason(replyCode: code.rawValue, replyText: String(decoding: text, as: UTF8.self), classID: classID, methodID: methodID)
    }
}
