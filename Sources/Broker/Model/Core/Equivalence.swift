import AMQP

/// The redeclare checks of rabbit_misc:assert_field_equivalence / assert_args_equivalence,
/// with their 406 texts: `inequivalent arg 'durable' for exchange 'x' in vhost '/':
/// received 'true' but current is 'false'`.
enum Equivalence {
    static func field(_ key: String, current: String, received: String, resource: String) throws(BrokerError) {
        guard current != received else { return }
        throw failure(key, received: "'\(received)'", current: "'\(current)'", resource: resource)
    }

    static func field(_ key: String, current: Bool, received: Bool, resource: String) throws(BrokerError) {
        try field(key, current: String(current), received: String(received), resource: resource)
    }

    /// Compares the named arguments only: the others may differ freely, as in RabbitMQ.
    static func arguments(current: FieldTable, received: FieldTable, keys: [String], resource: String) throws(BrokerError) {
        for key in keys {
            switch (current[key], received[key]) {
            case (nil, nil):
                continue
            case (let old?, let new?):
                if ErlangTerm.typeClass(old) == ErlangTerm.typeClass(new), ErlangTerm.equal(old, new) { continue }
                if ErlangTerm.exactlyEqual(old, new) { continue }
                throw failure(key, received: "'\(ErlangTerm.text(new))'", current: "'\(ErlangTerm.text(old))'", resource: resource)
            case (let old, let new):
                // A classic queue may be declared with or without x-queue-type=classic.
                if key == "x-queue-type", (old ?? new)?.stringValue == "classic" { continue }
                throw failure(key, received: describe(new), current: describe(old), resource: resource)
            }
        }
    }

    /// rabbit_misc:val/1 of a typed value, or `none`.
    static func describe(_ value: FieldValue?) -> String {
        guard let value else { return "none" }
        return "the value '\(ErlangTerm.text(value))' of type '\(ErlangTerm.typeName(value))'"
    }

    static func failure(_ key: String, received: String, current: String, resource: String) -> BrokerError {
        .preconditionFailed("inequivalent arg '\(key)' for \(resource): received \(received) but current is \(current)")
    }
}
