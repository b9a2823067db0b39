import Foundation
import AMQP
import Broker

/// The `properties_key` that names one binding among those between the same two ends
/// (rabbit_mgmt_format:pack_binding_props): `~` for an empty key without arguments, the
/// quoted key without arguments, else the quoted key, `~` and a hash of the arguments.
///
/// RabbitMQ's hash is `erlang:phash2` of the Erlang argument list, base64url-encoded; ours is
/// FNV-1a over the arguments in name order, encoded the same way (4 bytes, 6 characters).
/// Clients take the key from a listing and hand it back, so only its shape matters to them.
enum PropertiesKey {
    static func make(routingKey: String, arguments: FieldTable) -> String {
        if arguments.isEmpty { return routingKey.isEmpty ? "~" : quote(routingKey) }
        return quote(routingKey) + "~" + quote(argumentsHash(arguments))
    }

    /// quote_binding: quote_plus, with `~` escaped since it separates the parts.
    static func quote(_ text: String) -> String {
        PercentEncoding.quotePlus(text).replacingOccurrences(of: "~", with: "%7E")
    }

    static func argumentsHash(_ arguments: FieldTable) -> String {
        var hash: UInt32 = 2_166_136_261
        let text = arguments.sortedByName().entries.map { "\($0.name)=\(JSONValue($0.value))" }.joined(separator: "\u{1}")
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let bytes = withUnsafeBytes(of: hash.bigEndian) { Array($0) }
        return base64URL(bytes)
    }

    /// rabbit_misc:base64url: base64 with `-` and `_`, without padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
            let characters = chunk.count + 1
            for position in 0..<characters { out.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return out
    }
}
