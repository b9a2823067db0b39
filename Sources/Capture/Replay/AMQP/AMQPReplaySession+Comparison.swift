import AMQP

/// How an AMQP replay sets the target's commands beside the captured ones: field by field
/// (by their spec names, captured values mapped to the target's), and a method one side sent
/// and the other did not.
extension AMQPReplaySession {
    /// The target has said everything (its close-ok, or the end of the connection while
    /// closing): what stays unpaired is missing or extra.
    func reportLeftovers() {
        let (missing, extra) = lanes.takeLeftovers()
        guard options.compare else { return }
        for (channel, expectation) in missing {
            divergedMethod(expected: expectation.command, actual: nil, context: expectation, channel: channel)
        }
        for command in extra {
            divergedMethod(expected: nil, actual: command, context: lanes.lastPaired(on: command.channel), channel: command.channel)
        }
        if let close = capturedServerClose {
            capturedServerClose = nil
            divergedMethod(expected: close.command, actual: nil, context: close, channel: 0)
        }
    }

    /// A method one side sent and the other did not (`expected` is captured, with captured
    /// values; nil stands for nothing). `--ignore method`, or the method's name, leaves it out.
    func divergedMethod(expected: Command?, actual: Command?, context: Expected?, channel: UInt16) {
        let mapped = expected.map { Command(channel: channel, method: values.rewrite($0.method, channel: channel), content: $0.content) }
        let names = [expected, actual].compactMap { $0?.method.name }
        if rules.amqpFields.contains("method") || names.contains(where: rules.amqpFields.contains) {
            ignored()
            return
        }
        diverged(
            requestIndex: context?.requestIndex ?? 0, request: context?.request ?? (channel == 0 ? "connection" : "channel \(channel)"), field: "method",
            expected: mapped.map(AMQPFields.describe) ?? "(absent)", actual: actual.map(AMQPFields.describe) ?? "(absent)",
            packetNumber: context?.packetNumber ?? 0)
    }

    func compare(_ expectation: Expected, _ actual: Command, channel: UInt16) {
        compared()
        var captured = expectation.command
        captured.method = values.rewrite(captured.method, channel: channel)
        let report = { (field: String, expected: String, actual: String) in
            self.diverged(
                requestIndex: expectation.requestIndex, request: expectation.request, field: field, expected: expected, actual: actual,
                packetNumber: expectation.packetNumber)
        }
        guard captured.method.name == actual.method.name else {
            report("method", AMQPFields.describe(captured), AMQPFields.describe(actual))
            return
        }
        let expectedFields = AMQPFields.of(captured)
        let actualFields = AMQPFields.of(actual)
        var actualByName: [String: String] = [:]
        for field in actualFields { actualByName[field.name] = field.value }
        var seen: Set<String> = []
        for field in expectedFields where !rules.amqpFields.contains(field.name) {
            seen.insert(field.name)
            let value = actualByName[field.name] ?? "(absent)"
            if value != field.value { report(field.name, field.value, value) }
        }
        for field in actualFields where !seen.contains(field.name) && !rules.amqpFields.contains(field.name) {
            report(field.name, "(absent)", field.value)
        }
    }
}
