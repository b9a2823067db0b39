// A runner in miniature for the teardown tests: it supervises a sleeper, a shell that
// forks a grandchild and a shell that logs `got TERM` when it gets SIGTERM, prints their
// pids, then obeys stdin. The tests SIGKILL it, crash it,
// or signal it, and check that nothing it started survives.
//
//   shakedown-supervisor-probe LOG_DIR [--no-handlers]
//
// stdout: `child NAME PID` for each supervised process, `grandchild PID`, then `ready`.
// stdin commands: `crash` (fatalError), `exit` (exit 0 without stopping anything),
// `stop` (stopAll, then prints `stopped`). End of input: exit 0.
import Foundation
import Shakedown

#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered: the test reads these lines while the probe runs.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments.dropFirst()
guard let logDirectory = arguments.first else {
    FileHandle.standardError.write(Data("usage: shakedown-supervisor-probe LOG_DIR [--no-handlers]\n".utf8))
    exit(64)
}
if !arguments.contains("--no-handlers") {
    try Supervisor.installTerminationHandlers(grace: .seconds(2))
}

let supervisor = Supervisor(logDirectory: URL(fileURLWithPath: logDirectory))
let sleeper = try supervisor.spawn(
    ProcessSpec(name: "sleeper", executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["300"]))
let forker = try supervisor.spawn(
    ProcessSpec(
        name: "forker", executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", "sleep 300 & echo \"grandchild $!\"; wait"]))
let trapper = try supervisor.spawn(
    ProcessSpec(
        name: "trapper", executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", "trap 'echo got TERM; exit 0' TERM; echo armed; while :; do sleep 0.1; done"]))
try await forker.waitUntilReady(.logLine("grandchild "), timeout: .seconds(10))
try await trapper.waitUntilReady(.logLine("armed"), timeout: .seconds(10))
let grandchild = forker.output().split(separator: "\n").first { $0.hasPrefix("grandchild ") }?.split(separator: " ").last

say("child sleeper \(sleeper.pid)")
say("child forker \(forker.pid)")
say("child trapper \(trapper.pid)")
say("grandchild \(grandchild ?? "?")")
say("ready")

while let command = readLine() {
    switch command {
    case "crash":
        fatalError("the probe was asked to crash")
    case "exit":
        exit(0)
    case "stop":
        await supervisor.stopAll(grace: .seconds(2))
        say("stopped")
    default:
        say("unknown command: \(command)")
    }
}
exit(0)
