import Foundation
import Shakedown

// How long the linearizability checker takes on register histories from a simulated
// linearizable store: 8 clients over 100 keys, overlapping operations with random latencies,
// a few timeouts (info) and failures. Targets: 10,000 operations under 1 s, 100,000 under
// 10 s (release build).
//
// Usage: swift run -c release shakedown-lincheck-bench [operations ...] [--seed N]
//        [--keys N] [--clients N] [--info FRACTION] [--corrupt]
// --corrupt makes one read per history return a value nobody wrote, to time a failing check.

var sizes: [Int] = []
var seed: UInt64 = 1
var keys = 100
var clients = 8
var infoFraction: Double?
var corrupt = false
var arguments = CommandLine.arguments.dropFirst()
func usage() -> Never {
    print("usage: shakedown-lincheck-bench [operations ...] [--seed N] [--keys N] [--clients N] [--info FRACTION] [--corrupt]")
    exit(64)
}
@MainActor func value<T>(_ parse: (String) -> T?) -> T {
    guard let text = arguments.popFirst(), let value = parse(text) else { usage() }
    return value
}
while let argument = arguments.popFirst() {
    switch argument {
    case "--seed": seed = value { UInt64($0) }
    case "--keys": keys = value { Int($0) }
    case "--clients": clients = value { Int($0) }
    case "--info": infoFraction = value { Double($0) }
    case "--corrupt": corrupt = true
    default:
        guard let size = Int(argument.replacingOccurrences(of: "_", with: "")), size > 0 else { usage() }
        sizes.append(size)
    }
}
if sizes.isEmpty { sizes = [10_000, 100_000] }

func column(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }

print(["ops", "events", "keys", "clients", "info", "fail", "check-time", "result"].enumerated()
    .map { column($0.element, [9, 9, 6, 8, 6, 6, 11, 0][$0.offset]) }.joined(separator: " "))
for size in sizes {
    var generator = RegisterHistoryGenerator(operations: size, keys: keys, clients: clients, seed: seed)
    if let infoFraction { generator.infoFraction = infoFraction }
    var history = generator.generate()
    if corrupt, let read = history.lastIndex(where: { $0.type == .ok && $0.f == "read" }) {
        history[read].value = .int(-1)
    }
    let info = history.filter { $0.type == .info }.count
    let fail = history.filter { $0.type == .fail }.count
    let start = ContinuousClock.now
    let result = LinearizableChecker(timeLimit: .seconds(60)).check(CheckContext(history: history))
    let elapsed = (ContinuousClock.now - start) / .seconds(1)
    print(
        [
            column(String(size), 9), column(String(history.count), 9), column(String(keys), 6),
            column(String(clients), 8), column(String(info), 6), column(String(fail), 6),
            column(String(format: "%.3fs", elapsed), 11), "\(result.validity.rawValue): \(result.message)",
        ].joined(separator: " "))
}
