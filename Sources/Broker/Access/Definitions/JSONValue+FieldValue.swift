import AMQP

/// Arguments between JSON and AMQP field values, as rabbit_misc converts them: to_amqp_table on
/// import (integers → `long`, fractions → `double`, strings → `longstr`, booleans, lists →
/// `array`, objects → `table` with members in key order; `null` is refused) and amqp_table on
/// export (numbers as numbers, strings as strings, tables as objects).
extension JSONValue {
    /// Why a JSON value cannot be an argument.
    public struct ArgumentError: Error, Hashable, Sendable {
        /// Member names and list indexes from the value's root.
        var path: [AnyKey]
        public var reason: String
    }

    public func fieldValue() throws(ArgumentError) -> FieldValue {
        switch self {
        case .null: throw ArgumentError(path: [], reason: "null is not allowed (null_not_allowed)")
        case .bool(let value): return .boolean(value)
        case .integer(let value): return .int64(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let items):
            var values: [FieldValue] = []
            for (index, item) in items.enumerated() {
                do throws(ArgumentError) {
                    values.append(try item.fieldValue())
                } catch {
                    throw ArgumentError(path: [AnyKey(index: index)] + error.path, reason: error.reason)
                }
            }
            return .array(values)
        case .object:
            return .table(try fieldTable())
        }
    }

    /// An object as a field table, members in key order (an Erlang map's fold order).
    public func fieldTable() throws(ArgumentError) -> FieldTable {
        guard case .object(let members) = self else { throw ArgumentError(path: [], reason: "expected an object") }
        var table = FieldTable()
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            do throws(ArgumentError) {
                table.entries.append(FieldTable.Entry(name: key, value: try value.fieldValue()))
            } catch {
                throw ArgumentError(path: [AnyKey(key)] + error.path, reason: error.reason)
            }
        }
        return table
    }

    public init(_ value: FieldValue) {
        switch value {
        case .boolean(let v): self = .bool(v)
        case .int8(let v): self = .integer(Int64(v))
        case .uint8(let v): self = .integer(Int64(v))
        case .int16(let v): self = .integer(Int64(v))
        case .uint16(let v): self = .integer(Int64(v))
        case .int32(let v): self = .integer(Int64(v))
        case .uint32(let v): self = .integer(Int64(v))
        case .int64(let v): self = .integer(v)
        case .timestamp(let v): self = v <= UInt64(Int64.max) ? .integer(Int64(v)) : .double(Double(v))
        case .float(let v): self = .double(Double(v))
        case .double(let v): self = .double(v)
        // amqp_value(decimal, {Before, After}) prints "~p.~p" and reads it back as a float.
        case .decimal(let scale, let v): self = .double(Double("\(scale).\(v)") ?? 0)
        case .longString(let bytes), .bytes(let bytes): self = .string(String(decoding: bytes, as: UTF8.self))
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .table(let table): self = .object(table)
        case .void: self = .null
        }
    }

    public static func object(_ table: FieldTable) -> JSONValue {
        var members: [String: JSONValue] = [:]
        // A repeated name keeps its last value, as maps:from_list does.
        for entry in table.entries { members[entry.name] = JSONValue(entry.value) }
        return .object(members)
    }
}
