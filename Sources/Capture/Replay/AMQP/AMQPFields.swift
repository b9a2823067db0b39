import AMQP
import NIOCore

/// An AMQP command's fields by their spec names (`message-count`, `properties.timestamp`,
/// `body`), read through reflection so every method compares field by field without a table.
enum AMQPFields {
    /// `name` → value text, in declaration order; optional properties that are absent left out.
    static func of(_ command: Command) -> [(name: String, value: String)] {
        var out: [(String, String)] = []
        flatten(command.method, prefix: "", into: &out, depth: 0)
        if let content = command.content {
            flatten(content.properties, prefix: "properties.", into: &out, depth: 0)
            out.append(("body", HTTPResponseComparison.text(content.body)))
        }
        return out
    }

    private static func flatten(_ value: Any, prefix: String, into out: inout [(String, String)], depth: Int) {
        if value is FieldTable || value is ByteBuffer || value is String || value is [UInt8] || depth > 4 {
            out.append((prefix.isEmpty ? "value" : String(prefix.dropLast()), leaf(value)))
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .enum where mirror.children.count == 1:
            // The case (`basic`, `getOk`) names the method; its payload holds the fields.
            if let child = mirror.children.first { flatten(child.value, prefix: prefix, into: &out, depth: depth + 1) }
        case .struct, .tuple:
            for child in mirror.children {
                flatten(child.value, prefix: prefix + kebab(child.label ?? "value") + ".", into: &out, depth: depth + 1)
            }
        case .optional:
            if let child = mirror.children.first { flatten(child.value, prefix: prefix, into: &out, depth: depth + 1) }
        default:
            if mirror.displayStyle == .enum && prefix.isEmpty { return }  // a method without fields (`bind-ok`)
            out.append((prefix.isEmpty ? "value" : String(prefix.dropLast()), leaf(value)))
        }
    }

    private static func leaf(_ value: Any) -> String {
        switch value {
        case let s as String: return "\"\(s)\""
        case let b as ByteBuffer: return HTTPResponseComparison.text(b)
        case let bytes as [UInt8]: return "\"\(String(decoding: bytes, as: UTF8.self))\""
        default: return "\(value)"
        }
    }

    /// `messageCount` → `message-count`.
    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                if !out.isEmpty && !(out.last == "-") { out.append("-") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out.replacingID
    }

    /// `basic.get queue="q" no-ack=false`, fields shortened to the first few.
    static func describe(_ command: Command) -> String {
        let fields = of(command).filter { $0.name != "body" && !$0.name.hasPrefix("properties.") && $0.name != "ticket" }
        let shown = fields.prefix(4).map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        return shown.isEmpty ? command.method.name : command.method.name + " " + shown
    }
}

extension String {
    /// `correlation-i-d` → `correlation-id` (acronyms stay one word).
    fileprivate var replacingID: String {
        var s = self
        while let range = s.firstRange(of: "i-d") { s.replaceSubrange(range, with: "id") }
        return s
    }
}
