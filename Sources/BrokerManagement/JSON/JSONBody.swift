import AMQP
import Broker
import Foundation
import NIOCore

/// A request body read as rabbit_mgmt_util:decode reads it: empty, `null` and `undefined` are
/// an empty object; anything but an object is refused (`not_json`, or the doubly-encoded hint
/// for a JSON string). The typed getters refuse wrong types with RabbitMQ's reasons.
struct JSONBody: Sendable {
    var members: [String: JSONValue]

    init(members: [String: JSONValue] = [:]) { self.members = members }

    init(parsing buffer: ByteBuffer) throws(ManagementError) {
        let bytes = Array(buffer.readableBytesView)
        let text = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if text.isEmpty || text.elementsEqual("null".utf8) || text.elementsEqual("undefined".utf8) {
            self.init()
            return
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw .badRequest("not_json")
        }
        switch value {
        case .object(let members): self.init(members: members)
        // rabbit_json decodes `true`, `false` to atoms, which decode/1 takes as an empty map.
        case .bool: self.init()
        case .string:
            throw .badRequest("invalid payload: the request body JSON-decoded to a string. Is the input doubly-JSON-encoded?")
        default: throw .badRequest("not_json")
        }
    }

    /// with_decode's mandatory keys: all missing ones reported at once, in the given order.
    func require(_ keys: [String]) throws(ManagementError) {
        let missing = keys.filter { members[$0] == nil }
        if !missing.isEmpty { throw .keysMissing(missing) }
    }

    subscript(key: String) -> JSONValue? { members[key] }

    /// A text member; numbers and booleans are refused as RabbitMQ's binary guards would.
    func string(_ key: String) throws(ManagementError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .badRequest(.array([.string("not_a_string"), other]))
        }
    }

    /// rabbit_misc:parse_bool: `true`, `false`, `"true"`, `"false"`; else `["not_boolean", V]`.
    func bool(_ key: String) throws(ManagementError) -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .string("true")?: return true
        case .string("false")?: return false
        case let other?: throw .badRequest(.array([.string("not_boolean"), other]))
        }
    }

    /// rabbit_misc:parse_int: integers, or text of one.
    func int(_ key: String) throws(ManagementError) -> Int? {
        switch members[key] {
        case nil, .null?: return nil
        case .integer(let value)?: return Int(value)
        case .string(let text)?:
            if let value = Int(text) { return value }
            throw .badRequest(.array([.string("not_integer"), .string(text)]))
        case let other?: throw .badRequest(.array([.string("not_integer"), other]))
        }
    }

    /// An `arguments` object as a field table (rabbit_mgmt_format:to_amqp_table).
    func table(_ key: String) throws(ManagementError) -> FieldTable {
        switch members[key] {
        case nil, .null?: return FieldTable()
        case let value?:
            guard case .object = value else { return FieldTable() }
            do throws(JSONValue.ArgumentError) {
                return try value.fieldTable()
            } catch {
                throw .badRequest(error.reason)
            }
        }
    }

    /// Tags as a comma-separated string or a list of strings.
    func tags(_ key: String) throws(ManagementError) -> [String]? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return UserTag.list(fromCommaSeparated: text).map(\.rawValue)
        case .array(let items)?:
            return try items.map { item throws(ManagementError) in
                guard case .string(let tag) = item else { throw .badRequest(.array([.string("invalid_tags"), item])) }
                return tag
            }
        case let other?: throw .badRequest(.array([.string("invalid_tags"), other]))
        }
    }
}
