import CSystemShims
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts one program, with its output going to an open log file, by the protocol of
/// `shakedown_spawn_held`: fork on the fork thread; the child sets itself up and waits;
/// its group is registered with the watchdog; the child is released and execs. Only then
/// does the caller learn the pid, so nothing the program forks can escape the watchdog.
enum ProcessLauncher {
    static func launch(_ spec: ProcessSpec, output: Int32) throws -> pid_t {
        let environment = spec.effectiveEnvironment
        let command = spec.commandLine
        let path = try resolve(command[0], name: spec.name, path: environment["PATH"])
        let variables = environment.map { "\($0.key)=\($0.value)" }
        let directory = spec.workingDirectory?.path
        let name = spec.name
        let commandLine = spec.commandLine
        let result: Result<pid_t, SupervisorError> = ForkThread.shared.run {
            withCStringArray(command) { argv in
                withCStringArray(variables) { envp in
                    let held: shakedown_held_child =
                        if let directory {
                            shakedown_spawn_held(path, argv, envp, directory, output)
                        } else {
                            shakedown_spawn_held(path, argv, envp, nil, output)
                        }
                    guard held.pid > 0 else {
                        return .failure(.launchFailed(name: name, command: commandLine, stage: "fork", reason: describe(held.error)))
                    }
                    do {
                        try GroupWatchdog.shared.watch(held.pid)
                    } catch {
                        shakedown_spawn_abandon(held)
                        reapFailed(held.pid)
                        return .failure(.launchFailed(name: name, command: commandLine, stage: "watchdog", reason: "\(error)"))
                    }
                    var stage: Int32 = 0
                    let error = shakedown_spawn_release(held, &stage)
                    guard error == 0 else {
                        reapFailed(held.pid)
                        let stageText = stage == Int32(SHAKEDOWN_SPAWN_CHDIR) ? "working directory \(directory ?? "")"
                            : stage == Int32(SHAKEDOWN_SPAWN_EXEC) ? "exec \(path)" : "setup"
                        return .failure(.launchFailed(name: name, command: commandLine, stage: stageText, reason: describe(error)))
                    }
                    return .success(held.pid)
                }
            }
        }
        return try result.get()
    }

    /// A child that failed before exec has exited (or exits now that it is released).
    private static func reapFailed(_ pid: pid_t) {
        GroupWatchdog.shared.forget(pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Before anything is created for it (the log file is named after the process).
    static func validate(_ spec: ProcessSpec) throws {
        let name = spec.name
        func invalid(_ reason: String) -> SupervisorError { .invalidSpec(name: name, reason: reason) }
        if name.isEmpty || name == "." || name == ".." || name.contains("/") || name.utf8.count > 200 {
            throw invalid("the name must be a file name (not empty, no \"/\", at most 200 bytes): it names the log")
        }
        let words = spec.commandLine + spec.environment.keys + spec.environment.values + [spec.workingDirectory?.path ?? ""]
        if words.contains(where: { $0.utf8.contains(0) }) || name.utf8.contains(0) {
            throw invalid("a NUL byte in the command line, environment or working directory")
        }
        if spec.environment.keys.contains(where: { $0.isEmpty || $0.contains("=") }) {
            throw invalid("an environment variable name is empty or contains \"=\"")
        }
        if let first = spec.commandPrefix.first, first.isEmpty { throw invalid("the command prefix starts with an empty word") }
    }

    /// A word with a `/` is a path; otherwise it is looked up on `path`.
    private static func resolve(_ word: String, name: String, path: String?) throws -> String {
        if word.contains("/") { return word }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(word)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw SupervisorError.launchFailed(name: name, command: [word], stage: "lookup", reason: "\(word) is not on the PATH")
    }

    private static func describe(_ error: Int32) -> String { String(cString: strerror(error)) }
}

/// `body` gets a NULL-terminated array of C strings that live for the call.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
