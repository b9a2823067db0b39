import Foundation

/// A broker the broker tests run against, started on free ports with a definitions file
/// loaded at boot. The same scripts and expectations apply to every target: Debian's
/// rabbitmq-server (the oracle) and our `shakedown-broker`.
enum BrokerTarget: String, CaseIterable, Sendable, CustomStringConvertible {
    case rabbitmq
    case shakedownBroker = "shakedown-broker"

    var description: String { rawValue }

    /// Why this target cannot run here, or nil when it can.
    var unavailableReason: String? {
        switch self {
        case .rabbitmq: RabbitMQServer.unavailableReason
        case .shakedownBroker: ShakedownBrokerServer.unavailableReason
        }
    }

    func start(definitions: URL) throws -> any RunningBroker {
        switch self {
        case .rabbitmq: try RabbitMQServer(definitions: definitions)
        case .shakedownBroker: try ShakedownBrokerServer(definitions: definitions)
        }
    }
}

/// A started broker: where to reach it; `stop()` ends it (dropping it does too).
protocol RunningBroker: AnyObject, Sendable {
    var host: String { get }
    var port: Int { get }
    var managementPort: Int { get }
    /// Seconds from launch until it was ready.
    var startupTime: TimeInterval { get }
    /// Its log, for failure messages.
    var log: String { get }
    func stop()
}
