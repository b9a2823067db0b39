import NIOCore

/// Placeholder until AMQP replay lands: the connection is reported as not replayed.
final class AMQPReplaySession: ReplaySession, @unchecked Sendable {
    init(eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress) {
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    override func start() {
        fail("AMQP replay is not implemented yet")
    }
}
