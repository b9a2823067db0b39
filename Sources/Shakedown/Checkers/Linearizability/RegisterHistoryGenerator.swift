/// Histories of a register workload against a simulated store that is linearizable by
/// construction: each operation takes effect at one instant between its invocation and its
/// completion. For tests and the benchmark of the linearizability search; the seed fixes
/// everything.
///
/// Clients issue overlapping operations on random keys with random latencies. A few time out
/// (`info`, after which the process is replaced by a new one, as in Jepsen) and may or may not
/// have taken effect; a few fail without effect. Once all are done, each key gets a
/// `final-read`, as the workload does after faults heal.
public struct RegisterHistoryGenerator: Sendable {
    public var clients = 8
    public var keys = 100
    /// Client operations, not counting the final reads.
    public var operations = 10_000
    public var seed: UInt64 = 1
    public var writeFraction = 0.5
    public var infoFraction = 0.002
    public var failFraction = 0.01
    /// Nanoseconds from invocation to completion.
    public var latency: ClosedRange<Int64> = 200_000...5_000_000
    /// Nanoseconds a client waits before its next operation.
    public var thinkTime: ClosedRange<Int64> = 0...1_000_000
    public var finalReads = true

    public init(operations: Int = 10_000, keys: Int = 100, clients: Int = 8, seed: UInt64 = 1) {
        self.operations = operations
        self.keys = keys
        self.clients = clients
        self.seed = seed
    }

    private struct Simulated {
        var process: Int
        var f: String
        var key: Int
        var written: Int?
        var invoke: Int64
        var complete: Int64
        var takesEffect: Int64?
        var outcome: EventType
        var read: OpValue = .none
    }

    public func generate() -> [HistoryEvent] {
        var random = SeededRandom(seed: seed)
        var clock = (0..<clients).map { _ in Int64.random(in: thinkTime, using: &random) }
        var process = Array(0..<max(clients, 1))
        var nextValue = [Int](repeating: 0, count: keys)
        var simulated: [Simulated] = []
        simulated.reserveCapacity(operations + keys)

        for _ in 0..<operations where clients > 0 && keys > 0 {
            let client = clock.indices.min { clock[$0] < clock[$1] }!
            let key = Int.random(in: 0..<keys, using: &random)
            let invoke = clock[client]
            let complete = invoke + Int64.random(in: latency, using: &random)
            let instant = Int64.random(in: invoke...complete, using: &random)
            let roll = Double.random(in: 0..<1, using: &random)
            let outcome: EventType = roll < infoFraction ? .info : roll < infoFraction + failFraction ? .fail : .ok
            let takesEffect = outcome == .ok || (outcome == .info && Bool.random(using: &random)) ? instant : nil
            var operation = Simulated(
                process: process[client], f: "read", key: key, written: nil, invoke: invoke, complete: complete,
                takesEffect: takesEffect, outcome: outcome)
            if Double.random(in: 0..<1, using: &random) < writeFraction {
                nextValue[key] += 1
                operation.f = "write"
                operation.written = nextValue[key]
            }
            simulated.append(operation)
            clock[client] = complete + Int64.random(in: thinkTime, using: &random)
            // Jepsen: a process whose operation ended in doubt never issues another.
            if outcome == .info { process[client] += clients }
        }

        // The store: apply every effect at its instant, reads see the register then.
        var register = [OpValue](repeating: .none, count: keys)
        let byInstant = simulated.indices.filter { simulated[$0].takesEffect != nil }
            .sorted { simulated[$0].takesEffect! < simulated[$1].takesEffect! }
        for index in byInstant {
            if let written = simulated[index].written {
                register[simulated[index].key] = .int(written)
            } else {
                simulated[index].read = register[simulated[index].key]
            }
        }

        if finalReads && clients > 0 {
            var time = (simulated.map(\.complete).max() ?? 0) + 1_000_000
            for key in 0..<keys {
                let client = key % clients
                simulated.append(
                    Simulated(
                        process: process[client], f: "final-read", key: key, written: nil, invoke: time,
                        complete: time + 100_000, takesEffect: time, outcome: .ok, read: register[key]))
                time += 200_000
            }
        }

        // Events in time order; at equal times a completion comes before an invocation.
        var events: [(time: Int64, rank: Int, sequence: Int, event: HistoryEvent)] = []
        events.reserveCapacity(simulated.count * 2)
        for operation in simulated {
            let key = "k\(operation.key)"
            let input: OpValue = operation.written.map(OpValue.int) ?? .none
            events.append(
                (operation.invoke, 1, events.count,
                 HistoryEvent(time: operation.invoke, process: operation.process, type: .invoke, f: operation.f, key: key, value: input)))
            let output = operation.written == nil && operation.outcome == .ok ? operation.read : input
            events.append(
                (operation.complete, 0, events.count,
                 HistoryEvent(
                    time: operation.complete, process: operation.process, type: operation.outcome, f: operation.f, key: key,
                    value: output, error: operation.outcome == .ok ? nil : operation.outcome == .info ? "timeout" : "refused")))
        }
        events.sort { ($0.time, $0.rank, $0.sequence) < ($1.time, $1.rank, $1.sequence) }
        return events.enumerated().map { position, item in
            var event = item.event
            event.index = position
            return event
        }
    }
}
