extension Method {
    /// RabbitMQ's method names (`rabbit_framing_amqp_0_9_1:lookup_method_name`), keyed by class
    /// then method id: the one table of which ids exist.
    static let names: [UInt16: (String, [UInt16: String])] = [
        10: ("connection", [
            10: "start", 11: "start_ok", 20: "secure", 21: "secure_ok", 30: "tune", 31: "tune_ok",
            40: "open", 41: "open_ok", 50: "close", 51: "close_ok", 60: "blocked", 61: "unblocked",
            70: "update_secret", 71: "update_secret_ok",
        ]),
        20: ("channel", [10: "open", 11: "open_ok", 20: "flow", 21: "flow_ok", 40: "close", 41: "close_ok"]),
        40: ("exchange", [
            10: "declare", 11: "declare_ok", 20: "delete", 21: "delete_ok", 30: "bind", 31: "bind_ok",
            40: "unbind", 51: "unbind_ok",
        ]),
        50: ("queue", [
            10: "declare", 11: "declare_ok", 20: "bind", 21: "bind_ok", 30: "purge", 31: "purge_ok",
            40: "delete", 41: "delete_ok", 50: "unbind", 51: "unbind_ok",
        ]),
        60: ("basic", [
            10: "qos", 11: "qos_ok", 20: "consume", 21: "consume_ok", 30: "cancel", 31: "cancel_ok",
            40: "publish", 50: "return", 60: "deliver", 70: "get", 71: "get_ok", 72: "get_empty",
            80: "ack", 90: "reject", 100: "recover_async", 110: "recover", 111: "recover_ok", 120: "nack",
        ]),
        85: ("confirm", [10: "select", 11: "select_ok"]),
        90: ("tx", [10: "select", 11: "select_ok", 20: "commit", 21: "commit_ok", 30: "rollback", 31: "rollback_ok"]),
    ]

    /// `class.method` as RabbitMQ spells it, or nil for ids it does not know.
    public static func name(classID: UInt16, methodID: UInt16) -> String? {
        guard let (className, methods) = names[classID], let methodName = methods[methodID] else { return nil }
        return "\(className).\(methodName)"
    }

    /// The class name alone (`basic`), or nil for an unknown class id.
    public static func className(classID: UInt16) -> String? { names[classID]?.0 }
}
