import AMQP

/// connection.start as RabbitMQ 3.10.8 sends it: version 0-9, its capabilities table in its
/// order (pika needs publisher_confirms and basic.nack for confirm_delivery), mechanisms
/// "AMQPLAIN PLAIN", locale en_US.
public enum ServerProperties {
    public static let product = "RabbitMQ"
    public static let version = "3.10.8"
    /// RabbitMQ 3.10.8 offers them in this order (as observed on the wire).
    public static let mechanisms = ["AMQPLAIN", "PLAIN"]

    public static let capabilities: FieldTable = [
        "publisher_confirms": .boolean(true),
        "exchange_exchange_bindings": .boolean(true),
        "basic.nack": .boolean(true),
        "consumer_cancel_notify": .boolean(true),
        "connection.blocked": .boolean(true),
        "consumer_priorities": .boolean(true),
        "authentication_failure_close": .boolean(true),
        "per_consumer_qos": .boolean(true),
        "direct_reply_to": .boolean(true),
    ]

    public static func table(clusterName: String) -> FieldTable {
        [
            "capabilities": .table(capabilities),
            "cluster_name": .string(clusterName),
            "copyright": .string("Copyright (c) 2007-2022 VMware, Inc. or its affiliates."),
            "information": .string("Licensed under the MPL 2.0. Website: https://rabbitmq.com"),
            "platform": .string("Swift"),
            "product": .string(product),
            "version": .string(version),
        ]
    }

    public static func start(clusterName: String, mechanisms: [String]) -> ConnectionMethod.Start {
        ConnectionMethod.Start(
            versionMajor: 0, versionMinor: 9, serverProperties: table(clusterName: clusterName),
            mechanisms: Array(mechanisms.joined(separator: " ").utf8), locales: Array("en_US".utf8))
    }
}
